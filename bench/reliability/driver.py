#!/usr/bin/env python3
"""Workload and checks for the reliability scripts (bench/reliability/*.sh, docs/reliability.md).

  driver.py COMMON prepare --base URL
      webhook endpoints at the stand-in for the demo organization (hook-a: scenario.completed and
      scenario.assigned, hook-b: scenario.completed)

  driver.py COMMON load --bases URL,URL --rate OPS --duration S [--ops N] [--mix ...] --out FILE
      operations at a steady rate, spread round-robin over the instances, run by a pool of
      threads; each operation is one of
        practice  a trainee starts a call (GET /api/calls/config) and Vapi reports it ended
                  (POST /api/webhooks/vapi, call.ended with a recording on the stand-in):
                  completes the attempt, queues the recording download, a webhook delivery per
                  endpoint and the feedback email
        assigned  a manager assigns a scenario (POST /api/assignments: a webhook delivery and
                  the assignment email), then the trainee practises it (as above), which
                  completes the assignment
        stripe    Stripe delivers invoice.payment_succeeded for a new invoice (signed): an
                  invoice row and a receipt email
        read      GET /api/scenarios and GET /api/assignments as the manager
      The parts played by Vapi and Stripe retry as they do: on no answer or a 5xx, again after
      Retry-After (else 1 s), on the next instance, for up to --retry-for seconds; starting a
      call is retried the same way (the trainee clicks again). The other requests are not
      retried. Every request is counted by status.

  driver.py COMMON check --since TS --results FILE[,FILE] --arrivals CSV [--wait S]
      waits until no delivery, email or recording download created since TS is pending, then
      checks every one against the stand-in's log (arrived at least once with its id, never two
      at once), and every operation the API acknowledged against the database.

COMMON: --database URL --receiver URL --vapi-secret S --stripe-secret S
Figures go to stdout as "name: value" lines; the exit status is 1 when a check fails.
"""
import argparse
import collections
import csv
import hashlib
import hmac
import http.client
import json
import os
import queue
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid

# ---------------------------------------------------------------------------------------------
# database (through psql: the scripts need no Python packages)


def sql(database, query):
    # The query on stdin: the checks' id lists are longer than a command line may be.
    out = subprocess.run(["psql", "-X", "-qtA", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", database, "-f", "-"],
                         input=query, check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line != ""]


def uuid_array(values):
    return "'{" + ",".join(values) + "}'::uuid[]"


def text_array(values):
    # The driver's own ids (evt_rel_…, in_rel_…): letters, digits and underscores only.
    return "'{" + ",".join(values) + "}'::text[]"


def sql_one(database, query):
    rows = sql(database, query)
    return rows[0][0] if rows else None


# ---------------------------------------------------------------------------------------------
# HTTP


class Client:
    """One keep-alive connection per thread and instance; sign-in tokens per instance (local
    mode's tokens are signed by a key each process makes at start, so a restarted instance
    needs new ones)."""

    def __init__(self, stats):
        self.local = threading.local()
        self.tokens = {}
        self.tokens_lock = threading.Lock()
        self.stats = stats

    def _conn(self, base):
        conns = getattr(self.local, "conns", None)
        if conns is None:
            conns = self.local.conns = {}
        conn = conns.get(base)
        if conn is None:
            u = urllib.parse.urlparse(base)
            conn = conns[base] = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        return conn

    def raw(self, base, method, path, body=None, headers=None, count=True):
        """(status, headers, parsed body); status 0 when no answer came (refused, reset, timeout)."""
        headers = dict(headers or {})
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body, separators=(",", ":")).encode()
            headers.setdefault("Content-Type", "application/json")
        started = time.time()
        try:
            conn = self._conn(base)
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            payload = response.read()
            status = response.status
            answer_headers = {k.lower(): v for k, v in response.getheaders()}
        except (OSError, http.client.HTTPException):
            self.local.conns.pop(base, None)
            status, answer_headers, payload = 0, {}, b""
        if count:
            self.stats.request(base, method, path, status, answer_headers, started)
        try:
            parsed = json.loads(payload) if payload else None
        except ValueError:
            parsed = None
        return status, answer_headers, parsed

    def token(self, base, email, fresh=False):
        key = (base, email)
        with self.tokens_lock:
            if not fresh and key in self.tokens:
                return self.tokens[key]
        status, _, body = self.raw(base, "POST", "/api/dev/token", {"email": email})
        if status != 200:
            return None
        with self.tokens_lock:
            self.tokens[key] = body["token"]
        return body["token"]

    def call(self, base, email, method, path, body=None):
        """A signed-in request; a 401 (the instance restarted) signs in again once."""
        for fresh in (False, True):
            token = self.token(base, email, fresh)
            if token is None:
                return 0, {}, None
            status, headers, parsed = self.raw(base, method, path, body, {"Authorization": "Bearer " + token})
            if status != 401:
                return status, headers, parsed
        return status, headers, parsed


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.by_status = collections.Counter()
        self.by_route = collections.Counter()
        self.by_base = collections.Counter()
        self.retry_after_missing = 0
        self.timeline = []  # (time, status) of every request

    def request(self, base, method, path, status, headers, started):
        route = method + " " + path.split("?")[0]
        for part in route.split("/"):
            if len(part) >= 32:
                route = route.replace(part, "{id}")
        with self.lock:
            self.by_status[status] += 1
            self.by_base[base] += 1
            self.by_route[(route, status)] += 1
            if status == 503 and "retry-after" not in headers:
                self.retry_after_missing += 1
            self.timeline.append((round(started, 3), status))


# ---------------------------------------------------------------------------------------------
# the workload


class Workload:
    def __init__(self, args, bases):
        self.args = args
        self.bases = bases
        self.stats = Stats()
        self.client = Client(self.stats)
        db = args.database
        self.scenarios = [r[0] for r in sql(db, "select id from scenarios where status = 'Published' and org_id = (select org_id from members where email = 'manager@acme.test') order by created_at")]
        members = dict(sql(db, "select email, id from members where email like '%@acme.test'"))
        self.org = sql_one(db, "select org_id from members where email = 'manager@acme.test'")
        self.members = members
        # Pairs a manager may assign (nobody else practises them, so none is ever open twice).
        self.free_pairs = queue.Queue()
        for email in ("sam@acme.test", "alex@acme.test"):
            for scenario in self.scenarios:
                self.free_pairs.put((email, scenario))
        sql(db, f"update assignments set status = 'Completed', completed_at = now() where status <> 'Completed' and member_id in ('{members['sam@acme.test']}', '{members['alex@acme.test']}')")
        self.counter = 0
        self.per_op = collections.Counter()
        self.counter_lock = threading.Lock()
        self.results = collections.defaultdict(list)
        self.results_lock = threading.Lock()
        self.done_ops = collections.Counter()

    def next_base(self, op):
        """Round-robin per kind of operation, so that every kind reaches every instance (one
        counter for all would pin each kind to the instances its place in the mix falls on)."""
        with self.counter_lock:
            self.counter += 1
            self.per_op[op] += 1
            return self.bases[self.per_op[op] % len(self.bases)], self.counter

    def record(self, kind, item):
        with self.results_lock:
            self.results[kind].append(item)

    # A provider's delivery, or a user trying again: on no answer or a 5xx, again after
    # Retry-After (else 1 s), on the next instance, until --retry-for has passed.
    def retrying(self, first_base, send):
        deadline = time.time() + self.args.retry_for
        base_index = self.bases.index(first_base)
        tries = 0
        while True:
            tries += 1
            status, headers, parsed = send(self.bases[base_index % len(self.bases)])
            if (status != 0 and status < 500) or time.time() >= deadline:
                return status, parsed, tries
            wait = 1.0
            try:
                wait = min(float(headers.get("retry-after", "1")), 5.0)
            except ValueError:
                pass
            time.sleep(wait)
            base_index += 1

    def deliver(self, first_base, path, body, headers_for):
        return self.retrying(first_base, lambda base: self.client.raw(base, "POST", path, body, headers_for(body)))

    def practice(self, base, email, scenario, kind="practice", assignment=None):
        status, body, _ = self.retrying(base, lambda b: self.client.call(b, email, "GET", f"/api/calls/config?scenarioId={scenario}"))
        if status != 200:
            self.record(kind, {"started": False, "status": status, "assignment": assignment})
            return
        attempt = body["attemptId"]
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        report = json.dumps({"type": "call.ended", "call": {
            "id": "call_" + attempt, "status": "completed", "startedAt": now, "endedAt": now, "duration": 6,
            "recordingUrl": f"{self.args.receiver}/recordings/{attempt}.wav",
            "transcript": [
                {"role": "assistant", "text": "Hello, this is Sarah.", "timestamp": 0, "endTimestamp": 2000},
                {"role": "user", "text": "What matters most to you? Could we set up a short meeting on Thursday?", "timestamp": 2600, "endTimestamp": 6000},
            ],
            "metadata": {"attempt_id": attempt}}}, separators=(",", ":")).encode()
        status, answer, tries = self.deliver(base, "/api/webhooks/vapi", report, lambda _: {"X-Vapi-Secret": self.args.vapi_secret})
        self.record(kind, {"started": True, "attempt": attempt, "status": status, "tries": tries,
                           "outcome": (answer or {}).get("outcome"), "assignment": assignment})

    def assigned(self, base):
        try:
            email, scenario = self.free_pairs.get_nowait()
        except queue.Empty:
            return self.practice(base, "jamie@acme.test", scenario=self.scenarios[0])
        try:
            status, _, body = self.client.call(base, "manager@acme.test", "POST", "/api/assignments",
                                               {"memberId": self.members[email], "scenarioId": scenario})
            if status != 201:
                self.record("assignment", {"status": status})
                return
            self.record("assignment", {"status": status, "id": body["id"]})
            self.practice(base, email, scenario, kind="assigned", assignment=body["id"])
        finally:
            self.free_pairs.put((email, scenario))

    def stripe(self, base):
        event = "evt_rel_" + uuid.uuid4().hex
        invoice = "in_rel_" + uuid.uuid4().hex[:20]
        now = int(time.time())
        body = json.dumps({"id": event, "object": "event", "type": "invoice.payment_succeeded", "created": now,
                           "livemode": False, "api_version": "2026-10-28.endive", "data": {"object": {
                               "id": invoice, "object": "invoice", "customer": "cus_reliability", "number": "INV-" + invoice[-6:],
                               "amount_paid": 4900, "amount_due": 4900, "currency": "usd",
                               "hosted_invoice_url": "https://invoice.stripe.com/i/reliability",
                               "period_start": now - 30 * 86400, "period_end": now,
                               "parent": {"type": "subscription_details", "subscription_details": {
                                   "subscription": "sub_reliability", "metadata": {"org_id": self.org}}}}}},
                          separators=(",", ":")).encode()

        def signed(payload):
            t = int(time.time())
            v1 = hmac.new(self.args.stripe_secret.encode(), f"{t}.".encode() + payload, hashlib.sha256).hexdigest()
            return {"Stripe-Signature": f"t={t},v1={v1}"}

        status, answer, tries = self.deliver(base, "/api/webhooks/stripe", body, signed)
        self.record("stripe", {"event": event, "invoice": invoice, "status": status, "tries": tries,
                               "outcome": (answer or {}).get("outcome")})

    def read(self, base):
        self.client.call(base, "manager@acme.test", "GET", "/api/scenarios?pageSize=20")
        self.client.call(base, "manager@acme.test", "GET", "/api/assignments?pageSize=20")

    def run_op(self, op):
        base, n = self.next_base(op)
        if op == "practice":
            self.practice(base, "jamie@acme.test", self.scenarios[n % len(self.scenarios)])
        elif op == "assigned":
            self.assigned(base)
        elif op == "stripe":
            self.stripe(base)
        else:
            self.read(base)
        with self.results_lock:
            self.done_ops[op] += 1


def parse_mix(text):
    mix = []
    for part in text.split(","):
        name, _, weight = part.partition("=")
        if name not in ("practice", "assigned", "stripe", "read"):
            raise SystemExit(f"unknown operation '{name}' in --mix")
        mix += [name] * int(weight or "1")
    return mix


def cmd_load(args):
    bases = args.bases.split(",")
    work = Workload(args, bases)
    mix = parse_mix(args.mix)
    total = args.ops or int(args.rate * args.duration)
    tasks = queue.Queue()
    late = []

    def worker():
        while True:
            item = tasks.get()
            if item is None:
                return
            due, op = item
            late.append(max(0.0, time.time() - due))
            try:
                work.run_op(op)
            except Exception as exc:  # a driver fault must not pass for a product failure
                print(f"driver: {op} raised {exc!r}", file=sys.stderr)
                work.record("driver_errors", repr(exc))

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(args.threads)]
    for t in threads:
        t.start()
    finished = threading.Event()

    def progress():
        while not finished.wait(0.3):
            write_progress(args.progress, work)

    if args.progress:
        threading.Thread(target=progress, daemon=True).start()
    started = time.time()
    for i in range(total):
        due = started + i / args.rate
        pause = due - time.time()
        if pause > 0:
            time.sleep(pause)
        tasks.put((due, mix[i % len(mix)]))
    for _ in threads:
        tasks.put(None)
    for t in threads:
        t.join()
    finished.set()
    elapsed = time.time() - started
    if args.progress:
        write_progress(args.progress, work)
    s = work.stats
    summary = {
        "operations": total, "elapsed_s": round(elapsed, 1), "rate": args.rate,
        "requests": sum(s.by_status.values()),
        "by_status": {str(k): v for k, v in sorted(s.by_status.items())},
        "by_route": [[r, st, n] for (r, st), n in sorted(s.by_route.items())],
        "status_5xx": sum(v for k, v in s.by_status.items() if k >= 500),
        "status_500": sum(v for k, v in s.by_status.items() if k == 500 or (k > 503 and k != 504)),
        "no_answer": s.by_status.get(0, 0),
        "retry_after_missing": s.retry_after_missing,
        "late_p99_ms": round(sorted(late)[int(len(late) * 0.99) - 1] * 1000) if late else 0,
        "results": work.results,
        "timeline": s.timeline,
        "ops": dict(work.done_ops),
    }
    with open(args.out, "w") as f:
        json.dump(summary, f)
    print(f"operations: {total} in {elapsed:.1f} s ({', '.join(f'{k} {v}' for k, v in sorted(work.done_ops.items()))})")
    spread = ", ".join(f"{b.rsplit(':', 1)[1]}: {n}" for b, n in sorted(s.by_base.items()))
    print(f"requests sent: {summary['requests']} (by port: {spread})")
    answers = ", ".join(f"{k or 'no answer (refused or cut off)'}: {v}" for k, v in sorted(s.by_status.items()))
    print(f"answers by status: {answers}")
    print(f"5xx seen: {summary['status_5xx']}")
    print(f"scheduling lateness p99: {summary['late_p99_ms']} ms")
    if work.results.get("driver_errors"):
        print(f"driver errors: {len(work.results['driver_errors'])}")
        return 1
    return 0


def write_progress(path, work):
    with work.results_lock:
        counts = {k: len(v) for k, v in work.results.items()}
    counts["requests"] = sum(work.stats.by_status.values())
    with open(path + ".tmp", "w") as f:
        json.dump(counts, f)
    os.replace(path + ".tmp", path)


# ---------------------------------------------------------------------------------------------
# checks


def cmd_check(args):
    db = args.database
    since = args.since
    results = collections.defaultdict(list)
    for path in args.results.split(","):
        with open(path) as f:
            for kind, items in json.load(f)["results"].items():
                results[kind] += items

    pending_q = f"""
        select (select count(*) from webhook_deliveries where created_at >= '{since}' and status = 'Pending'),
               (select count(*) from email_messages where created_at >= '{since}' and status = 'Pending'),
               (select count(*) from recording_downloads where created_at >= '{since}' and status = 'Pending')"""
    deadline = time.time() + args.wait
    waited = time.time()
    while True:
        pending = [int(x) for x in sql(db, pending_q)[0]]
        if sum(pending) == 0 or time.time() >= deadline:
            break
        time.sleep(0.5)
    waited = time.time() - waited
    failures = []

    def fail(text):
        failures.append(text)

    print(f"waited for the queues to drain: {waited:.1f} s; still pending (deliveries, emails, downloads): {pending[0]}, {pending[1]}, {pending[2]}")
    if sum(pending):
        fail("work still pending after the wait")

    conn = http.client.HTTPConnection(urllib.parse.urlparse(args.receiver).hostname, urllib.parse.urlparse(args.receiver).port, timeout=30)
    conn.request("POST", "/flush")
    conn.getresponse().read()
    conn.request("GET", "/stats")
    receiver_stats = json.loads(conn.getresponse().read())
    arrivals = collections.defaultdict(collections.Counter)
    with open(args.arrivals) as f:
        for endpoint, ident, _ in csv.reader(f):
            arrivals[endpoint][ident] += 1

    def compare(label, rows, endpoint_of, id_of):
        expected = len(rows)
        arrived = 0
        duplicates = 0
        for row in rows:
            n = arrivals[endpoint_of(row)][id_of(row)]
            if n:
                arrived += 1
                duplicates += n - 1
        lost = expected - arrived
        print(f"{label}: expected {expected}, arrived {arrived}, lost {lost}, duplicates (same id again) {duplicates}")
        if lost:
            fail(f"{lost} {label} never arrived")
        return expected, lost, duplicates

    deliveries = sql(db, f"""
        select d.message_id, substring(e.url from '[^/]+$'), d.status from webhook_deliveries d
        join webhook_endpoints e on e.id = d.endpoint_id where d.created_at >= '{since}'""")
    compare("webhook deliveries", deliveries, lambda r: r[1], lambda r: r[0])
    emails = sql(db, f"select id, template, status from email_messages where created_at >= '{since}'")
    compare("emails", emails, lambda r: "emails", lambda r: r[0])
    downloads = sql(db, f"select attempt_id, status from recording_downloads where created_at >= '{since}'")
    compare("recording downloads", downloads, lambda r: "recordings", lambda r: r[0] + ".wav")
    for label, rows, col, good in (("webhook deliveries", deliveries, 2, "Succeeded"), ("emails", emails, 2, "Sent"),
                                   ("recording downloads", downloads, 1, "Stored")):
        statuses = collections.Counter(r[col] for r in rows)
        print(f"{label} by status: {', '.join(f'{k} {v}' for k, v in sorted(statuses.items())) or 'none'}")
        if set(statuses) - {good}:
            fail(f"{label} not all {good}")
    overlaps_db = int(sql_one(db, f"""
        select count(*) from webhook_delivery_attempts a join webhook_delivery_attempts b
          on a.delivery_id = b.delivery_id and a.id < b.id
        where a.attempted_at >= '{since}'
          and a.attempted_at < b.attempted_at + b.duration_ms * interval '1 ms'
          and b.attempted_at < a.attempted_at + a.duration_ms * interval '1 ms'"""))
    print(f"attempts of one id in flight at once: {receiver_stats['_overlaps']} at the stand-in, {overlaps_db} in webhook_delivery_attempts")
    if receiver_stats["_overlaps"] or overlaps_db:
        fail("an id was attempted twice at the same time")
    if receiver_stats["_missing_ids"] or receiver_stats["_mismatched_ids"]:
        fail(f"requests at the stand-in without an id or with two differing ids: {receiver_stats['_missing_ids'] + receiver_stats['_mismatched_ids']}")

    # What the API acknowledged is in the database, whole.
    cells = 0
    calls = results["practice"] + results["assigned"]
    acked = [c for c in calls if c.get("started") and c["status"] == 200]
    unacked = [c for c in calls if c.get("started") and c["status"] != 200]
    if acked:
        ids = uuid_array(c["attempt"] for c in acked)
        # Grouped joins, not a subquery per attempt: a soak acknowledges thousands.
        rows = sql(db, f"""
            with ids as (select unnest({ids}) as id),
            usage as (select attempt_id, count(*) n from voice_usage_records where attempt_id in (select id from ids) group by 1),
            downloads as (select attempt_id, count(*) n from recording_downloads where attempt_id in (select id from ids) group by 1),
            messages as (select (payload::jsonb -> 'attempt' ->> 'id')::uuid as attempt_id, count(*) n from webhook_messages
                         where event_type = 'scenario.completed' and created_at >= '{since}' group by 1)
            select a.id, a.status, a.score is not null, coalesce(u.n, 0), coalesce(d.n, 0), coalesce(m.n, 0)
            from scenario_attempts a join ids on ids.id = a.id
            left join usage u on u.attempt_id = a.id left join downloads d on d.attempt_id = a.id left join messages m on m.attempt_id = a.id""")
        by_id = {r[0]: r for r in rows}
        broken = 0
        for c in acked:
            r = by_id.get(c["attempt"])
            cells += 6
            if not r or r[1] != "Completed" or r[2] != "t" or r[3] != "1" or r[4] != "1" or r[5] != "1":
                broken += 1
        print(f"calls reported ended and acknowledged: {len(acked)}; not whole in the database (attempt Completed and scored, one usage record, one download, one scenario.completed message): {broken}")
        if broken:
            fail(f"{broken} acknowledged calls are not whole in the database")
    if unacked:
        print(f"calls whose end was never acknowledged (gave up retrying): {len(unacked)}")
        fail(f"{len(unacked)} call reports were never acknowledged")
    assignments = [a for a in results["assignment"] if a["status"] == 201]
    if assignments:
        ids = uuid_array(a["id"] for a in assignments)
        rows = sql(db, f"""
            with ids as (select unnest({ids}) as id),
            messages as (select (payload::jsonb -> 'assignment' ->> 'id')::uuid as assignment_id, count(*) n from webhook_messages
                         where event_type = 'scenario.assigned' and created_at >= '{since}' group by 1),
            emails as (select member_id, created_at, count(*) n from email_messages
                       where template = 'assignment' and created_at >= '{since}' group by 1, 2)
            select s.id, s.status, coalesce(m.n, 0), coalesce(e.n, 0)
            from assignments s join ids on ids.id = s.id
            left join messages m on m.assignment_id = s.id
            left join emails e on e.member_id = s.member_id and e.created_at = s.created_at""")
        by_id = {r[0]: r for r in rows}
        broken = 0
        for a in assignments:
            r = by_id.get(a["id"])
            cells += 3
            if not r or r[1] != "Completed" or r[2] != "1" or r[3] != "1":
                broken += 1
        print(f"assignments created (201) and then practised: {len(assignments)}; not whole (missing, not Completed, no scenario.assigned message or no email): {broken}")
        if broken:
            fail(f"{broken} assignments are not whole in the database")
    stripe = results["stripe"]
    if stripe:
        ok = [s for s in stripe if s["status"] == 200]
        ids = text_array(s["event"] for s in stripe)
        invoices = text_array(s["invoice"] for s in stripe)
        recorded = int(sql_one(db, f"select count(*) from processed_inbound_events where provider = 'stripe' and event_key = any({ids})"))
        rows = int(sql_one(db, f"select count(*) from invoices where stripe_invoice_id = any({invoices})"))
        receipts = int(sql_one(db, f"select count(*) from email_messages where template = 'invoice-receipt' and created_at >= '{since}'"))
        outcomes = collections.Counter(s.get("outcome") for s in ok)
        cells += 3 * len(stripe)
        print(f"Stripe events sent: {len(stripe)}, acknowledged 200: {len(ok)} ({', '.join(f'{k} {v}' for k, v in sorted(outcomes.items(), key=str))}), "
              f"deliveries that needed a retry: {sum(1 for s in stripe if s['tries'] > 1)}; recorded once in the ledger: {recorded}, invoices: {rows}, receipt emails: {receipts}")
        if len(ok) != len(stripe) or recorded != len(stripe) or rows != len(stripe) or receipts < len(stripe):
            fail("Stripe events lost or applied twice")
    # Nothing half-written anywhere: a webhook message without its deliveries, a completed
    # attempt without its usage record, a download without its attempt.
    orphans = sql(db, f"""
        select (select count(*) from webhook_messages m
                join webhook_endpoints e on e.org_id = m.org_id and e.enabled and m.event_type = any(e.events) and e.created_at < m.created_at
                where m.created_at >= '{since}' and not exists (select 1 from webhook_deliveries d where d.message_id = m.id and d.endpoint_id = e.id)),
               (select count(*) from scenario_attempts a where a.updated_at >= '{since}' and a.status = 'Completed' and not exists (select 1 from voice_usage_records v where v.attempt_id = a.id)),
               (select count(*) from scenario_attempts a where a.updated_at >= '{since}' and a.status = 'Completed' and a.recording_status not in ('Stored', 'None')),
               (select count(*) from recording_downloads r where r.created_at >= '{since}' and not exists (select 1 from scenario_attempts a where a.id = r.attempt_id and a.status = 'Completed'))""")[0]
    labels = ("webhook messages without a delivery to a subscribed endpoint", "completed attempts without a usage record",
              "completed attempts whose recording is not stored", "downloads without a completed attempt")
    for label, n in zip(labels, orphans):
        print(f"{label}: {n}")
        if int(n):
            fail(f"{n} {label}")
    cells += len(deliveries) + len(emails) + len(downloads)
    print(f"cells checked: {cells}")
    for text in failures:
        print(f"FAILED: {text}")
    return 1 if failures else 0


def cmd_prepare(args):
    client = Client(Stats())
    for name, events in (("hook-a", ["scenario.completed", "scenario.assigned"]), ("hook-b", ["scenario.completed"])):
        status, _, body = client.call(args.base, "admin@acme.test", "POST", "/api/webhooks",
                                      {"name": "reliability " + name, "url": f"{args.receiver}/{name}", "events": events})
        if status != 201:
            print(f"creating endpoint {name} answered {status}: {body}", file=sys.stderr)
            return 1
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--database", required=True)
    p.add_argument("--receiver", required=True)
    p.add_argument("--vapi-secret", required=True)
    p.add_argument("--stripe-secret", required=True)
    sub = p.add_subparsers(dest="command", required=True)
    prep = sub.add_parser("prepare")
    prep.add_argument("--base", required=True)
    load = sub.add_parser("load")
    load.add_argument("--bases", required=True)
    load.add_argument("--rate", type=float, required=True, help="operations per second")
    load.add_argument("--duration", type=float, default=30)
    load.add_argument("--ops", type=int, default=0, help="operations in all (instead of rate x duration)")
    load.add_argument("--mix", default="practice=2,assigned=1,stripe=1,read=2")
    load.add_argument("--threads", type=int, default=24)
    load.add_argument("--retry-for", type=float, default=120, help="how long Vapi and Stripe keep retrying one delivery")
    load.add_argument("--out", required=True)
    load.add_argument("--progress", help="file rewritten with counts while running")
    check = sub.add_parser("check")
    check.add_argument("--since", required=True)
    check.add_argument("--results", required=True)
    check.add_argument("--arrivals", required=True)
    check.add_argument("--wait", type=float, default=120)
    args = p.parse_args()
    return {"prepare": cmd_prepare, "load": cmd_load, "check": cmd_check}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
