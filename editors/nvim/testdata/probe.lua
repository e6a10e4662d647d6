-- Run by nvim_test.go inside `nvim --headless --clean`: opens each file named
-- in $APPSPEC_PROBE_FILES (a JSON list), waits for the appspec-lint server's
-- diagnostics on the AppSpec buffers, and writes what it saw as JSON to
-- $APPSPEC_PROBE_OUT, then quits. It only observes; the Go test judges.
-- Written for the Neovim 0.7 API (vim.lsp.buf_get_clients, vim.diagnostic).

local result = { files = {} }

local function probe()
  local files = vim.fn.json_decode(vim.env.APPSPEC_PROBE_FILES)
  local wait_ms = tonumber(vim.env.APPSPEC_PROBE_WAIT_MS) or 10000
  local bufs = {}
  for _, path in ipairs(files) do
    vim.cmd('edit ' .. vim.fn.fnameescape(path))
    local bufnr = vim.api.nvim_get_current_buf()
    bufs[#bufs + 1] = { path = path, bufnr = bufnr }
    if vim.bo[bufnr].filetype:match('%.appspec$') then
      -- The server publishes once after didOpen; an AppSpec with a mistake
      -- in it gets at least one diagnostic.
      vim.wait(wait_ms, function()
        return #vim.diagnostic.get(bufnr) > 0
      end, 20)
    end
  end
  -- Clients are read at the end, after every server had its chance to start,
  -- so a plain YAML buffer with no client means none attached at all.
  for _, b in ipairs(bufs) do
    local clients = {}
    for _, c in pairs(vim.lsp.buf_get_clients(b.bufnr)) do
      clients[#clients + 1] = c.name
    end
    local diags = {}
    for _, d in ipairs(vim.diagnostic.get(b.bufnr)) do
      diags[#diags + 1] = {
        lnum = d.lnum,
        col = d.col,
        code = d.code and tostring(d.code) or '',
        source = d.source or '',
        severity = d.severity,
        message = d.message,
      }
    end
    result.files[#result.files + 1] = {
      path = b.path,
      filetype = vim.bo[b.bufnr].filetype,
      syntax = vim.api.nvim_buf_call(b.bufnr, function()
        return vim.b.current_syntax or ''
      end),
      clients = clients,
      diagnostics = diags,
    }
  end
end

local ok, err = pcall(probe)
if not ok then
  result.error = tostring(err)
end
vim.fn.writefile({ vim.fn.json_encode(result) }, vim.env.APPSPEC_PROBE_OUT)
vim.cmd('qall!')
