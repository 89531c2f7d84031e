import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { ErrorSummary } from '../../components/Form';
import { TableWrap } from '../../components/TableWrap';
import { billingQueries } from './api/queries';
import type { VoiceAddOnLine } from './billing';

/**
 * The subscription's voice AI add-on lines, each with its quantity to change: more is charged now,
 * fewer is credited on the next invoice, 0 (Remove, confirmed first) takes the line off. The API
 * refuses to leave fewer SIMs than members hold; its problem shows above the table.
 */
export function SimLines({ lines, onChanged }: { lines: VoiceAddOnLine[]; onChanged: (message: string) => void }) {
  const queryClient = useQueryClient();
  const setLine = useMutation({
    mutationFn: ({ line, quantity }: { line: VoiceAddOnLine; quantity: number }) =>
      unwrap(api.PUT('/api/billing/voice-addon', { body: { priceId: line.priceId, quantity } })),
    onSuccess: (answer, { line }) => {
      onChanged(
        answer.quantity === 0
          ? `${line.name} removed: the organization has ${answer.voiceSims} voice AI SIMs now.`
          : `${line.name}: ${answer.quantity} now, ${answer.voiceSims} voice AI SIMs in all.`,
      );
      void queryClient.invalidateQueries({ queryKey: billingQueries.all() });
    },
  });
  if (lines.length === 0) return null;
  return (
    <div className="stack">
      <h3 id="sim-lines-heading">Your SIM add-ons</h3>
      <p className="small muted" id="sim-lines-hint">
        More SIMs are charged now for the rest of the period; fewer are credited on your next invoice. SIMs held by members must be unassigned first.
      </p>
      {setLine.error && <ErrorSummary error={setLine.error} />}
      <TableWrap label="SIM add-ons">
        <table aria-labelledby="sim-lines-heading">
          <thead>
            <tr>
              <th scope="col">Add-on</th>
              <th scope="col">SIMs</th>
              <th scope="col">Quantity</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <SimLineRow
                key={line.priceId}
                line={line}
                busy={setLine.isPending}
                onSet={(quantity) => {
                  setLine.reset();
                  setLine.mutate({ line, quantity });
                }}
              />
            ))}
          </tbody>
        </table>
      </TableWrap>
    </div>
  );
}

function SimLineRow({ line, busy, onSet }: { line: VoiceAddOnLine; busy: boolean; onSet: (quantity: number) => void }) {
  const [quantity, setQuantity] = useState(String(line.quantity));
  const [confirming, setConfirming] = useState(false);
  const wanted = Number(quantity);
  const valid = quantity.trim() !== '' && Number.isInteger(wanted) && wanted >= 0 && wanted <= 100;
  return (
    <tr>
      <th scope="row">{line.name}</th>
      <td>{line.sims}</td>
      <td>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (valid && wanted !== line.quantity) onSet(wanted);
          }}
        >
          <input
            type="number"
            min={0}
            max={100}
            inputMode="numeric"
            aria-label={`Quantity of ${line.name}`}
            aria-describedby="sim-lines-hint"
            value={quantity}
            onChange={(e) => setQuantity(e.target.value)}
          />
          <button type="submit" className="button secondary small" disabled={busy || !valid || wanted === line.quantity}>
            Update
          </button>
        </form>
      </td>
      <td className="actions">
        {confirming ? (
          <span role="group" aria-label={`Confirm removing ${line.name}`}>
            <button
              type="button"
              className="button danger small"
              disabled={busy}
              onClick={() => {
                setConfirming(false);
                onSet(0);
              }}
            >
              Remove {line.sims === 1 ? '1 SIM' : `${line.sims} SIMs`}
            </button>
            <button type="button" className="button secondary small" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </span>
        ) : (
          <button type="button" className="button secondary small" disabled={busy} aria-label={`Remove ${line.name}`} onClick={() => setConfirming(true)}>
            Remove
          </button>
        )}
      </td>
    </tr>
  );
}
