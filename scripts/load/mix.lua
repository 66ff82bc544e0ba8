-- wrk script of scripts/bench-load: a mix of residents', officials' and public pages and APIs,
-- round robin, counting every answer by status (a 5xx fails the run).
local letter = os.getenv("LOAD_LETTER")
local resident = os.getenv("LOAD_RESIDENT_COOKIE")
local clerk = os.getenv("LOAD_CLERK_COOKIE")
local json = { ["Content-Type"] = "application/json", ["Accept"] = "application/json" }
local function with(cookie, extra)
  local h = { ["Cookie"] = cookie }
  for k, v in pairs(extra or {}) do h[k] = v end
  return h
end

local mix = {
  { "GET", "/" },
  { "GET", "/masuk" },
  { "GET", "/layanan" },
  { "GET", "/lacak" },
  { "GET", "/v/" .. letter },
  { "GET", "/api/v1/verifikasi/" .. letter },
  { "GET", "/api/v1/surat/" .. letter },
  { "GET", "/permohonan/baru", with(resident) },
  { "POST", "/api/permohonan-saya", with(resident, json), "{}" },
  { "POST", "/api/data-saya", with(resident, json), "{}" },
  { "GET", "/akun", with(resident) },
  { "GET", "/antrian", with(clerk) },
  { "POST", "/api/antrian", with(clerk, json), '{"filter":"semua"}' },
  { "GET", "/kesehatan" },
}

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  n = 0
  statuses = {}
end

function request()
  n = n + 1
  local r = mix[(n % #mix) + 1]
  return wrk.format(r[1], r[2], r[3], r[4])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local all, errors = {}, 0
  for _, t in ipairs(threads) do
    for status, count in pairs(t:get("statuses")) do
      all[status] = (all[status] or 0) + count
    end
  end
  local keys = {}
  for status in pairs(all) do table.insert(keys, status) end
  table.sort(keys)
  io.write("answers by status:")
  for _, status in ipairs(keys) do
    io.write(string.format(" %d=%d", status, all[status]))
    if status >= 500 then errors = errors + all[status] end
  end
  io.write(string.format("\n5xx: %d\nsocket errors: connect %d, read %d, write %d, timeout %d\n", errors,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
  io.write(string.format("latency p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
