-- Starts the appspec-lint language server on Neovim older than 0.11.
--
-- Neovim 0.11+ has vim.lsp.config and vim.lsp.enable: there this plugin does
-- nothing, and the user enables the server the standard way,
-- `vim.lsp.enable('appspec_lint')`, which reads lsp/appspec_lint.lua. Doing
-- it for them would take away the one switch every other server uses.
--
-- Before 0.11 there is no such switch, so this plugin starts the server itself
-- for every AppSpec buffer, from the same table in lsp/appspec_lint.lua (one
-- source of truth), through vim.lsp.start_client and vim.lsp.buf_attach_client,
-- the API every version from 0.5 to 0.10 has. Set
-- `vim.g.appspec_lint_autostart = false` to turn that off (for example when
-- nvim-lspconfig starts it), and `vim.g.appspec_lint_config = { ... }` to
-- override fields of the table (a full `cmd` path, say).

if vim.g.loaded_appspec_lint == 1 or vim.fn.has('nvim-0.11') == 1 then
  return
end
vim.g.loaded_appspec_lint = 1

local name = 'appspec_lint'

-- The configuration the way 0.11 resolves it: every lsp/appspec_lint.lua on
-- 'runtimepath' merged in order (later ones win), then the user's overrides.
local function resolve_config()
  local config = {}
  for _, file in ipairs(vim.api.nvim_get_runtime_file('lsp/' .. name .. '.lua', true)) do
    local ok, t = pcall(dofile, file)
    if ok and type(t) == 'table' then
      config = vim.tbl_deep_extend('force', config, t)
    else
      vim.notify(name .. ': cannot read ' .. file .. ': ' .. tostring(t), vim.log.levels.ERROR)
    end
  end
  if type(vim.g.appspec_lint_config) == 'table' then
    config = vim.tbl_deep_extend('force', config, vim.g.appspec_lint_config)
  end
  return config
end

-- vim.fs (0.8) is not there on 0.7: walk up by hand. Markers are tried in
-- order, each from the buffer's folder up, as 0.11's root_markers are.
local function find_root(path, markers)
  local start = vim.fn.fnamemodify(path, ':p:h')
  for _, marker in ipairs(markers or {}) do
    local dir = start
    while true do
      if vim.loop.fs_stat(dir .. '/' .. marker) then
        return dir
      end
      local parent = vim.fn.fnamemodify(dir, ':h')
      if parent == dir then
        break
      end
      dir = parent
    end
  end
  return start
end

-- One client per root folder, like vim.lsp.enable: a second appspec in the
-- same revision reuses the running server.
local clients = {}

local function attach(bufnr)
  if vim.g.appspec_lint_autostart == false then
    return
  end
  local path = vim.api.nvim_buf_get_name(bufnr)
  if path == '' then
    return
  end
  local config = resolve_config()
  if type(config.cmd) ~= 'table' or vim.fn.executable(config.cmd[1]) ~= 1 then
    vim.notify(name .. ': `' .. tostring(config.cmd and config.cmd[1]) .. '` is not executable; '
      .. 'install appspec-lint or set vim.g.appspec_lint_config = { cmd = { "/path/to/appspec-lint", "lsp" } }',
      vim.log.levels.WARN)
    return
  end
  local root = find_root(path, config.root_markers)
  local id = clients[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client({
      name = name,
      cmd = config.cmd,
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
      init_options = config.init_options,
      settings = config.settings,
      capabilities = config.capabilities,
      on_attach = config.on_attach,
    })
    if not id then
      return
    end
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

-- The filetypes come from the config file too; read once at startup (a
-- FileType pattern cannot change later anyway).
local filetypes = resolve_config().filetypes or {}
if #filetypes > 0 then
  vim.api.nvim_create_autocmd('FileType', {
    group = vim.api.nvim_create_augroup(name, { clear = true }),
    pattern = filetypes,
    callback = function(args)
      attach(args.buf)
    end,
  })
  -- A plugin manager may load this after AppSpec buffers are already open.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(filetypes, vim.bo[bufnr].filetype) then
      attach(bufnr)
    end
  end
end
