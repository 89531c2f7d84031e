import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Schemas } from '../../api/client';
import { Page } from '../../components/Page';
import { EmptyState, QueryView } from '../../components/States';
import { StatusBadge } from '../../components/Badge';
import { TableWrap } from '../../components/TableWrap';
import { formatDateTime } from '../../lib/format';
import { mailboxQueries } from './api/queries';

type Message = Schemas['DevMailboxMessageDto'];

/** Local mode's mailbox: the emails the platform would have sent, as the provider would have received them. */
export function Component() {
  const [to, setTo] = useState('');
  const [openId, setOpenId] = useState<string | null>(null);
  const query = useQuery(mailboxQueries.list(to));
  const open = query.data?.find((m) => m.id === openId) ?? null;

  return (
    <Page
      title="Mailbox"
      description="Local mode: no email provider is configured, so the platform keeps the emails it sends here instead (newest first)."
    >
      <div className="toolbar">
        <label htmlFor="mailbox-to">Recipient</label>
        <input id="mailbox-to" type="email" value={to} placeholder="anyone" onChange={(e) => setTo(e.target.value.trim())} />
      </div>
      <QueryView
        query={query}
        loadingLabel="Loading the mailbox…"
        isEmpty={(d) => d.length === 0}
        empty={<EmptyState title="No emails yet">Assign a scenario or finish a practice call, and its email appears here.</EmptyState>}
      >
        {(messages) => (
          <>
            <TableWrap label="Emails">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Subject</th>
                    <th scope="col">To</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Status</th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {messages.map((m) => (
                    <tr key={m.id} aria-selected={m.id === openId}>
                      <td>
                        <button type="button" className="link-button mail-subject" onClick={() => setOpenId(m.id)}>
                          {m.subject}
                        </button>
                      </td>
                      <td>{m.to}</td>
                      <td>{m.template}</td>
                      <td>
                        <StatusBadge status={m.status} />
                      </td>
                      <td>{formatDateTime(m.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            {open && <MessageView message={open} />}
          </>
        )}
      </QueryView>
    </Page>
  );
}

function MessageView({ message }: { message: Message }) {
  const [format, setFormat] = useState<'html' | 'text'>('html');
  return (
    <section className="card" aria-labelledby="mailbox-open-subject">
      <h2 id="mailbox-open-subject">{message.subject}</h2>
      <dl className="facts">
        <dt>To</dt>
        <dd>{message.toName ? `${message.toName} <${message.to}>` : message.to}</dd>
        {message.replyTo && (
          <>
            <dt>Reply-To</dt>
            <dd>{message.replyTo}</dd>
          </>
        )}
        {message.unsubscribeUrl && (
          <>
            <dt>Unsubscribe</dt>
            <dd>
              <a href={message.unsubscribeUrl}>one-click link</a>
            </dd>
          </>
        )}
      </dl>
      <div className="segmented" role="group" aria-label="Version">
        <button type="button" className="button" aria-pressed={format === 'html'} onClick={() => setFormat('html')}>
          HTML
        </button>
        <button type="button" className="button" aria-pressed={format === 'text'} onClick={() => setFormat('text')}>
          Plain text
        </button>
      </div>
      {format === 'html' ? (
        // Rendered in a sandbox with no scripts, as a mail client would.
        <iframe title={`Email: ${message.subject}`} srcDoc={message.html} sandbox="" className="mail-frame" />
      ) : (
        <pre className="mail-text">{message.text}</pre>
      )}
    </section>
  );
}
