-- A real editor as a test client of `perf lsp`: Neovim's built-in LSP client (0.7 and later)
-- opens one budget file, waits for perf's diagnostics and writes them to a file, one per line
-- as `LINE:COLUMN: CODE MESSAGE` (1-based; the column in bytes, as Neovim counts).
--
--   PERF_BIN=target/debug/perf PERF_FILE=budgets/高新区人社局/被征地农民社会保障费.toml \
--   PERF_OUT=/tmp/diagnostics.txt nvim --headless -u NONE -i NONE -n \
--     -c 'luafile editors/nvim/diagnostics.lua'
--
-- Exits 0 when diagnostics arrived, 1 after 60 seconds without any. tests/it/cli_lsp_nvim.rs
-- runs it in CI.
local perf = os.getenv("PERF_BIN") or "perf"
local file = assert(os.getenv("PERF_FILE"), "PERF_FILE: the budget file to open")
local out = assert(os.getenv("PERF_OUT"), "PERF_OUT: where to write the diagnostics")

vim.cmd("edit " .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({
  name = "perf",
  cmd = { perf, "lsp" },
  root_dir = vim.fn.getcwd(),
})
vim.lsp.buf_attach_client(buf, client)

local arrived = vim.wait(60000, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)

local lines = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  -- Neovim 0.8+ sets `code`; 0.7 keeps the protocol's fields under user_data.lsp.
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"
  table.insert(lines, string.format("%d:%d: %s %s", d.lnum + 1, d.col + 1, code, d.message))
end
vim.fn.writefile(lines, out)
vim.lsp.stop_client(client)
if arrived then
  vim.cmd("qall!")
else
  vim.cmd("cquit 1")
end
