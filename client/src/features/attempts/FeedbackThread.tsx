import { useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import { useMe } from '../../auth/me';
import { Badge } from '../../components/Badge';
import { EmptyState, QueryView } from '../../components/States';
import { ErrorSummary, Field } from '../../components/Form';
import { formatDateTime } from '../../lib/format';
import { attemptQueries, type AttemptComment } from './api/queries';

/**
 * The attempt's feedback thread: the trainee's questions and the coaching notes about the call,
 * including replies to the "feedback ready" email, oldest first, with a form to add one.
 */
export function FeedbackThread({ attemptId, traineeName, own }: { attemptId: string; traineeName: string; own: boolean }) {
  const comments = useQuery(attemptQueries.comments(attemptId));
  return (
    <section className="panel" aria-labelledby="thread-heading">
      <h2 id="thread-heading">Feedback thread</h2>
      <QueryView
        query={comments}
        loadingLabel="Loading the feedback thread…"
        isEmpty={(list) => list.length === 0}
        empty={
          <EmptyState title={own ? 'Ask your manager a question about this call' : `Leave coaching notes for ${traineeName}`}>
            Nothing has been written about this call yet.
          </EmptyState>
        }
      >
        {(list) => <CommentList comments={list} />}
      </QueryView>
      {comments.isSuccess && <CommentForm attemptId={attemptId} />}
    </section>
  );
}

function CommentList({ comments }: { comments: AttemptComment[] }) {
  const me = useMe();
  return (
    <ol className="thread" aria-label="Messages">
      {comments.map((c) => (
        <li key={c.id} className={`comment${c.authorId === me.id ? ' comment-mine' : ''}`}>
          <div className="comment-meta">
            <span className="speaker">{c.authorName}</span>
            <time dateTime={c.createdAt}>{formatDateTime(c.createdAt)}</time>
            {c.source === 'email' && <Badge tone="info">by email</Badge>}
          </div>
          <p className="comment-body">{c.body}</p>
        </li>
      ))}
    </ol>
  );
}

function CommentForm({ attemptId }: { attemptId: string }) {
  const queryClient = useQueryClient();
  const input = useRef<HTMLTextAreaElement>(null);
  const [body, setBody] = useState('');
  const [sent, setSent] = useState(false);
  const add = useMutation({
    mutationFn: (text: string) => unwrap(api.POST('/api/attempts/{id}/comments', { params: { path: { id: attemptId } }, body: { body: text } })),
    onSuccess: (comment) => {
      queryClient.setQueryData(attemptQueries.comments(attemptId).queryKey, (old = []) => [...old.filter((c) => c.id !== comment.id), comment]);
      setBody('');
      setSent(true);
      // The button was disabled while sending, which drops focus: give it back to the message box.
      input.current?.focus();
    },
    onError: (error) => {
      // The field error is part of the message box's description, so focusing it reads the error.
      if (error instanceof ApiError && error.fieldErrors.body?.length) input.current?.focus();
    },
  });
  const bodyErrors = add.error instanceof ApiError ? add.error.fieldErrors.body : undefined;

  return (
    <form
      className="form thread-form"
      onSubmit={(e) => {
        e.preventDefault();
        setSent(false);
        add.mutate(body);
      }}
    >
      {add.error && !bodyErrors?.length ? <ErrorSummary error={add.error} /> : null}
      <Field label="Your message" path="body" errors={bodyErrors}>
        {(props) => (
          <textarea
            {...props}
            ref={input}
            rows={4}
            value={body}
            onChange={(e) => {
              setBody(e.target.value);
              setSent(false);
            }}
          />
        )}
      </Field>
      <div className="thread-actions">
        <button type="submit" className="button primary" disabled={add.isPending}>
          {add.isPending ? 'Sending…' : 'Send'}
        </button>
        <p className="live-message" role="status">
          {sent ? 'Sent. Your message is in the thread.' : ''}
        </p>
      </div>
    </form>
  );
}
