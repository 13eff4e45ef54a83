// The reference page's samples, each run against a demo server (at /samples): the API contract, kept running.
import { AppsScenario } from './AppsScenario';
import { BearerScenario } from './BearerScenario';
import { ManualScenario } from './ManualScenario';
import { PopupScenario } from './PopupScenario';
import { RedirectScenario } from './RedirectScenario';

export function SamplesApp() {
  return (
    <main className="samples">
      <h1>mcp-use playground: the reference samples</h1>
      <p>
        OAuth scenarios sign in at a local authorization server: use any username and password, then approve.
      </p>
      <PopupScenario />
      <RedirectScenario />
      <ManualScenario />
      <BearerScenario />
      <AppsScenario />
    </main>
  );
}
