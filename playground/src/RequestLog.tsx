import type { NotificationRecord, RequestRecord } from './traffic';

const time = (at: number) => new Date(at).toLocaleTimeString();

/** The panel's MCP requests and the server's notifications, newest first. */
export function RequestLog({
  requests,
  notifications,
  onClear,
}: {
  requests: readonly RequestRecord[];
  notifications: readonly NotificationRecord[];
  onClear: () => void;
}) {
  return (
    <div className="log">
      <button type="button" onClick={onClear}>
        Clear
      </button>
      <h3>Notifications ({notifications.length})</h3>
      {notifications.length === 0 ? <p className="muted">None yet.</p> : null}
      <ul className="rows" aria-label="Notifications">
        {[...notifications].reverse().map((item) => (
          <li key={item.id}>
            <span className="when">{time(item.at)}</span> <code>{item.method}</code>
            {item.params !== undefined ? <pre>{JSON.stringify(item.params)}</pre> : null}
          </li>
        ))}
      </ul>
      <h3>Requests ({requests.length})</h3>
      <table className="requests">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">HTTP</th>
            <th scope="col">JSON-RPC</th>
            <th scope="col">Status</th>
            <th scope="col">ms</th>
          </tr>
        </thead>
        <tbody>
          {[...requests].reverse().map((item) => (
            <tr key={item.id}>
              <td>{time(item.at)}</td>
              <td>{item.method}</td>
              <td>
                <code>{item.rpc}</code>
              </td>
              <td>{item.error ?? item.status ?? '…'}</td>
              <td>{item.durationMs ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
