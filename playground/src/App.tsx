import { useEffect, useState } from 'react';
import { ConnectForm } from './ConnectForm';
import { ServerPanel } from './ServerPanel';
import { demoServers, loadServers, type ServerEntry, saveServers } from './servers';

/**
 * The inspector: a list of servers (the demo ones and those added by URL, remembered in this browser), and a panel
 * for each open one, side by side.
 */
export function App() {
  const [servers, setServers] = useState<ServerEntry[]>(loadServers);
  useEffect(() => saveServers(servers), [servers]);

  const update = (id: string, patch: Partial<ServerEntry>) =>
    setServers((list) => list.map((entry) => (entry.id === id ? { ...entry, ...patch } : entry)));
  const add = (entry: ServerEntry) =>
    setServers((list) => [...list.filter((item) => item.id !== entry.id), { ...entry, open: true }]);
  const open = servers.filter((entry) => entry.open);

  return (
    <div className="app">
      <header className="top">
        <h1>
          mcp-use <span>inspector</span>
        </h1>
        <ConnectForm onConnect={add} />
      </header>
      <nav className="servers" aria-label="Servers">
        {demoServers.length > 0 ? (
          <>
            <h2>Demo servers</h2>
            <ul>
              {demoServers.map((demo) => {
                const saved = servers.find((entry) => entry.id === demo.id);
                return (
                  <li key={demo.id}>
                    <button
                      type="button"
                      className="link"
                      aria-pressed={saved?.open === true}
                      onClick={() => (saved?.open ? update(demo.id, { open: false }) : add(demo))}
                    >
                      {demo.name}
                    </button>
                  </li>
                );
              })}
            </ul>
          </>
        ) : null}
        <h2>Your servers</h2>
        {servers.some((entry) => !entry.demo) ? (
          <ul>
            {servers
              .filter((entry) => !entry.demo)
              .map((entry) => (
                <li key={entry.id} className="saved">
                  <button
                    type="button"
                    className="link"
                    aria-pressed={entry.open === true}
                    onClick={() => update(entry.id, { open: !entry.open })}
                    title={entry.url}
                  >
                    {entry.name}
                  </button>
                  <button
                    type="button"
                    className="icon"
                    aria-label={`Forget ${entry.name}`}
                    onClick={() => setServers((list) => list.filter((item) => item.id !== entry.id))}
                  >
                    ×
                  </button>
                </li>
              ))}
          </ul>
        ) : (
          <p className="muted">Enter a server URL above and press Connect.</p>
        )}
      </nav>
      <main className="panels">
        {open.length === 0 ? (
          <p className="empty">No server open: connect to a URL, or pick a demo server.</p>
        ) : (
          open.map((entry) => (
            <ServerPanel key={entry.id} entry={entry} onClose={() => update(entry.id, { open: false })} />
          ))
        )}
      </main>
    </div>
  );
}
