-- wrk script shared by bench/run.sh.
--
--   BENCH_MODE=signin  POST /api/v1/auths/signin with BENCH_EMAIL / BENCH_PASSWORD.
--                      When BENCH_USERS=N is set, BENCH_EMAIL is a format with
--                      one %d and the requests cycle through accounts 1..N, so
--                      no account reaches the per-email sign-in rate limit.
--   BENCH_MODE=signin-random
--                      POST /api/v1/auths/signin with a new random email on
--                      every request, forwarded for a new random client
--                      address (X-Forwarded-For: the server believes it from
--                      loopback, FORWARDED_ALLOW_IPS' default): strangers
--                      flooding sign-in from many addresses, so neither the
--                      per-email nor the per-client limit stops them before
--                      the hashing queue does.
--   BENCH_MODE=get     plain GET of the URL given to wrk (headers come from -H)
--
-- At the end it prints one machine-readable line:
--   WRK_RESULT requests=N duration_us=N rps=F p50_us=N p90_us=N p99_us=N
--              p999_us=N max_us=N mean_us=F errors=N http_errors=N
-- errors counts socket errors and timeouts; http_errors counts 4xx/5xx answers.

local mode = os.getenv("BENCH_MODE") or "get"

local function json_string(s)
  return '"' .. s:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"'
end

if mode == "signin" then
  local email = os.getenv("BENCH_EMAIL") or "bench@example.com"
  local password = os.getenv("BENCH_PASSWORD") or "bench-password"
  local users = tonumber(os.getenv("BENCH_USERS") or "0") or 0
  wrk.method = "POST"
  wrk.path = "/api/v1/auths/signin"
  wrk.headers["Content-Type"] = "application/json"
  local function body(addr)
    return '{"email":' .. json_string(addr) .. ',"password":' .. json_string(password) .. '}'
  end
  if users > 0 then
    local n = 0
    request = function()
      n = n + 1
      local addr = string.format(email, (n - 1) % users + 1)
      return wrk.format(nil, nil, nil, body(addr))
    end
  else
    wrk.body = body(email)
  end
elseif mode == "signin-random" then
  local password = os.getenv("BENCH_PASSWORD") or "bench-password"
  wrk.method = "POST"
  wrk.path = "/api/v1/auths/signin"
  local n = 0
  request = function()
    n = n + 1
    local addr = string.format("stranger-%d-%d-%d@example.com", n, math.random(1, 1e9), math.random(1, 1e9))
    local client = string.format("%d.%d.%d.%d", math.random(1, 223), math.random(0, 255),
      math.random(0, 255), math.random(1, 254))
    local headers = {
      ["Content-Type"] = "application/json",
      ["X-Forwarded-For"] = client,
    }
    local body = '{"email":' .. json_string(addr) .. ',"password":' .. json_string(password) .. '}'
    return wrk.format("POST", "/api/v1/auths/signin", headers, body)
  end
end

function init(args)
  -- each wrk thread its own sequence of random emails and addresses
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16))
end

function done(summary, latency, requests)
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  local secs = summary.duration / 1e6
  io.write(string.format(
    "WRK_RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d mean_us=%.1f errors=%d http_errors=%d\n",
    summary.requests, summary.duration, summary.requests / secs,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max, latency.mean,
    socket_errors, e.status))
end
