import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Schemas } from '../../api/client';
import { renderRoute } from '../../test/render';
import { json, respondWith, routes } from '../../test/fetchMock';
import { FeedbackThread } from './FeedbackThread';
import type { AttemptComment } from './api/queries';

const attemptId = '5d6c1f0e-0000-4000-8000-000000000001';
const path = `/api/attempts/${attemptId}/comments`;

const member = (id: string, name: string, role: Schemas['MemberRole']): Schemas['MemberDto'] => ({
  id,
  externalUserId: `user_${id}`,
  email: `${name.split(' ')[0]!.toLowerCase()}@acme.test`,
  name,
  role,
  status: 'active',
  managerId: null,
  createdAt: '2030-01-01T00:00:00Z',
});
const jamie = member('11111111-0000-4000-8000-000000000001', 'Jamie Rivera', 'trainee');
const morgan = member('22222222-0000-4000-8000-000000000002', 'Morgan Manager', 'manager');

const comment = (over: Partial<AttemptComment>): AttemptComment => ({
  id: crypto.randomUUID(),
  attemptId,
  authorId: jamie.id,
  authorName: jamie.name,
  body: 'A question',
  source: 'app',
  createdAt: '2030-01-02T10:00:00Z',
  ...over,
});

describe('FeedbackThread', () => {
  it('shows each message with its author, time and line breaks, and marks replies by email', async () => {
    respondWith(
      routes({
        [`GET ${path}`]: () =>
          json([
            comment({ body: 'Was my opening too long?\nI felt rushed at the end.' }),
            comment({ authorId: morgan.id, authorName: morgan.name, body: 'A little. Try one sentence.', source: 'email', createdAt: '2030-01-02T11:30:00Z' }),
          ]),
      }),
    );
    renderRoute(<FeedbackThread attemptId={attemptId} traineeName="Jamie Rivera" own />, { me: jamie });

    const thread = screen.getByRole('region', { name: 'Feedback thread' });
    const messages = await within(thread).findAllByRole('listitem');
    expect(messages).toHaveLength(2);

    const [question, answer] = messages as [HTMLElement, HTMLElement];
    expect(within(question).getByText('Jamie Rivera')).toBeInTheDocument();
    expect(within(question).getByText(/Was my opening too long\?/).textContent).toBe('Was my opening too long?\nI felt rushed at the end.');
    expect(question.querySelector('time')).toHaveAttribute('datetime', '2030-01-02T10:00:00Z');
    expect(within(question).queryByText('by email')).not.toBeInTheDocument();
    expect(question).toHaveClass('comment-mine');

    expect(within(answer).getByText('Morgan Manager')).toBeInTheDocument();
    expect(within(answer).getByText('by email')).toBeInTheDocument();
    expect(answer).not.toHaveClass('comment-mine');
    expect(within(thread).queryByText(/Nothing has been written/)).not.toBeInTheDocument();
  });

  it('invites the trainee to ask and the manager to coach when the thread is empty', async () => {
    respondWith(routes({ [`GET ${path}`]: () => json([]) }));
    const trainee = renderRoute(<FeedbackThread attemptId={attemptId} traineeName="Jamie Rivera" own />, { me: jamie });
    expect(await screen.findByText('Ask your manager a question about this call')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Your message' })).toBeInTheDocument();
    trainee.unmount();

    renderRoute(<FeedbackThread attemptId={attemptId} traineeName="Jamie Rivera" own={false} />, { me: morgan });
    expect(await screen.findByText('Leave coaching notes for Jamie Rivera')).toBeInTheDocument();
    expect(screen.queryByText('Ask your manager a question about this call')).not.toBeInTheDocument();
  });

  it('posts a message, shows it without a reload and gives focus back to the message box', async () => {
    const user = userEvent.setup();
    let sent: unknown;
    let gets = 0;
    respondWith(
      routes({
        [`GET ${path}`]: () => {
          gets++;
          return json([]);
        },
        [`POST ${path}`]: async (r) => {
          sent = await r.json();
          return json(comment({ id: 'c-new', authorId: morgan.id, authorName: morgan.name, body: 'Good discovery.\nNext time, book the follow-up.', createdAt: '2030-01-03T09:00:00Z' }), 201);
        },
      }),
    );
    renderRoute(<FeedbackThread attemptId={attemptId} traineeName="Jamie Rivera" own={false} />, { me: morgan });

    const box = await screen.findByRole('textbox', { name: 'Your message' });
    await user.type(box, 'Good discovery.{Enter}Next time, book the follow-up.');
    await user.click(screen.getByRole('button', { name: 'Send' }));

    const thread = screen.getByRole('region', { name: 'Feedback thread' });
    const message = await within(thread).findByRole('listitem');
    expect(sent).toEqual({ body: 'Good discovery.\nNext time, book the follow-up.' });
    expect(within(message).getByText('Morgan Manager')).toBeInTheDocument();
    expect(message).toHaveClass('comment-mine');
    expect(screen.queryByText('Leave coaching notes for Jamie Rivera')).not.toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Sent. Your message is in the thread.');
    expect(box).toHaveValue('');
    expect(box).toHaveFocus();
    expect(gets).toBe(1);

    // Typing again clears the announcement, so the next one is announced afresh.
    await user.type(box, 'x');
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
  });

  it('shows the API’s error next to the message box and keeps the thread as it was', async () => {
    const user = userEvent.setup();
    respondWith(
      routes({
        [`GET ${path}`]: () => json([comment({ body: 'Was my opening too long?' })]),
        [`POST ${path}`]: () =>
          json(
            { title: 'One or more validation errors occurred.', status: 400, errors: { body: ["'Body' must not be empty.", 'The comment needs some text.'] } },
            400,
            'application/problem+json',
          ),
      }),
    );
    renderRoute(<FeedbackThread attemptId={attemptId} traineeName="Jamie Rivera" own />, { me: jamie });

    await screen.findByRole('listitem');
    await user.click(screen.getByRole('button', { name: 'Send' }));

    const box = screen.getByRole('textbox', { name: 'Your message' });
    await screen.findByText("'Body' must not be empty.");
    expect(box).toHaveAttribute('aria-invalid', 'true');
    expect(box).toHaveAccessibleDescription("'Body' must not be empty. The comment needs some text.");
    expect(box).toHaveFocus();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
  });

  it('shows other refusals in an error summary', async () => {
    const user = userEvent.setup();
    respondWith(
      routes({
        [`GET ${path}`]: () => json([]),
        [`POST ${path}`]: () => json({ title: 'Not Found', status: 404, detail: 'Attempt was not found.' }, 404, 'application/problem+json'),
      }),
    );
    renderRoute(<FeedbackThread attemptId={attemptId} traineeName="Jamie Rivera" own />, { me: jamie });

    await user.type(await screen.findByRole('textbox', { name: 'Your message' }), 'Hello?');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Attempt was not found.');
    expect(screen.getByRole('textbox', { name: 'Your message' })).toHaveValue('Hello?');
  });
});
