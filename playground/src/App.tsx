import { AppsScenario } from './AppsScenario';
import { BearerScenario } from './BearerScenario';
import { ManualScenario } from './ManualScenario';
import { PopupScenario } from './PopupScenario';
import { RedirectScenario } from './RedirectScenario';

export function App() {
  return (
    <main>
      <h1>mcp-use playground</h1>
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
