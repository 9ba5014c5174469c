-- wrk: customers' messages over HTTP to many conversations, in English, Arabic and Persian.
-- Each request picks a conversation among HIWAR_BENCH_CONVERSATIONS (default 10,000) and one of the texts.
local conversations = tonumber(os.getenv("HIWAR_BENCH_CONVERSATIONS") or "10000")
local key = os.getenv("HIWAR_API_KEY") or ""
local texts = {
  '{"text": "where is my order?"}',
  '{"text": "when will it arrive?"}',
  '{"text": "hello"}',
  '{"text": "\\u0645\\u062a\\u0649 \\u064a\\u0648\\u0635\\u0644\\u061f"}',
  '{"text": "\\u06a9\\u06cc \\u0645\\u06cc\\u200c\\u0631\\u0633\\u0647\\u061f"}',
  '{"text": "gate??"}',
}
local counter = 0
-- HIWAR_BENCH_NODES="127.0.0.1:8081,127.0.0.1:8082,...": thread n loads node n (modulo their number), so one
-- wrk run spreads over several hiwar serve processes.
local nodes = {}
for node in string.gmatch(os.getenv("HIWAR_BENCH_NODES") or "", "[^,]+") do
  local host, port = string.match(node, "^(.+):(%d+)$")
  table.insert(nodes, wrk.lookup(host, port)[1])
end

function setup(thread)
  thread:set("id", counter)
  if #nodes > 0 then thread.addr = nodes[(counter % #nodes) + 1] end
  counter = counter + 1
end

function init(args)
  math.randomseed(1234 + id)
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Bearer " .. key
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local conversation = math.random(1, conversations)
  local body = texts[math.random(1, #texts)]
  return wrk.format(nil, "/v1/conversations/bench-" .. conversation .. "/messages", nil, body)
end

function done(summary, latency, requests)
  io.write(string.format("wrk: %d requests, %d errors (status %d, timeout %d, connect %d, read %d, write %d)\n",
    summary.requests, summary.errors.status + summary.errors.timeout + summary.errors.connect + summary.errors.read
      + summary.errors.write, summary.errors.status, summary.errors.timeout, summary.errors.connect,
    summary.errors.read, summary.errors.write))
  io.write(string.format("wrk: %.0f turns/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
