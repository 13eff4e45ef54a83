import { BearerScenario } from './BearerScenario';

export function App() {
  return (
    <main>
      <h1>mcp-use playground</h1>
      <BearerScenario />
    </main>
  );
}
