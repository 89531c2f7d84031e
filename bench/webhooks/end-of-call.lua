-- wrk script: POSTs Vapi end-of-call reports (200-message transcripts) to /api/webhooks/vapi,
-- each for a different in-progress attempt listed (one id per line) in the file $BENCH_IDS.
-- Threads take interleaved ids, so no two requests report the same call.

local threads = {}
local next_tid = 0

function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
  table.insert(threads, thread)
end

function init(args)
  ids = {}
  for line in io.lines(os.getenv("BENCH_IDS")) do
    if #line > 0 then ids[#ids + 1] = line end
  end
  secret = os.getenv("BENCH_SECRET")
  stride = tonumber(os.getenv("BENCH_THREADS") or "2")
  counter = tid

  local lines = {
    "bot|Hello, this is Sarah speaking, who is calling please?",
    "user|Hi Sarah, um, this is Alex from Acme Lending, do you have a minute to talk about your mortgage?",
    "bot|I suppose so, but I'm quite busy today. What is this about exactly?",
    "user|I understand. What matters most to you when you compare lenders, is it the rate or the fees?",
    "bot|Honestly the fees. Everyone promises a low rate and then the closing costs pile up.",
    "user|That makes sense. So, basically, would a clear breakdown of closing costs help you decide?",
  }
  local parts = {}
  local t = 0.5
  for i = 1, 200 do
    local role, text = lines[(i - 1) % #lines + 1]:match("([^|]+)|(.+)")
    parts[#parts + 1] = string.format(
      '{"role":"%s","message":"%s","secondsFromStart":%.1f,"duration":%d}', role, text, t, 3200)
    t = t + 4.1
  end
  messages = table.concat(parts, ",")
  ended = string.format("%.0f", t)
end

function request()
  local id = ids[(counter % #ids) + 1]
  counter = counter + stride
  local body = '{"message":{"type":"end-of-call-report","endedReason":"customer-ended-call","durationSeconds":'
    .. ended .. ',"call":{"id":"bench_' .. id .. '","metadata":{"attempt_id":"' .. id
    .. '"}},"artifact":{"messages":[' .. messages .. ']},"analysis":{"summary":"Benchmark call.","successEvaluation":"true"}}}'
  return wrk.format("POST", "/api/webhooks/vapi",
    { ["Content-Type"] = "application/json", ["X-Vapi-Secret"] = secret }, body)
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx or errors: %d\n", summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
