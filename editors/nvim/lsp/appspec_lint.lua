-- appspec-lint language server for AWS CodeDeploy AppSpec files.
--
-- Neovim 0.11+ reads this file when a config named `appspec_lint` is
-- resolved, so with this folder on 'runtimepath' (or this one file copied to
-- ~/.config/nvim/lsp/) one line starts the server:
--
--   vim.lsp.enable('appspec_lint')
--
-- Older Neovim has no vim.lsp.config; plugin/appspec_lint.lua reads this same
-- table there, so the settings live in one place. Override any field with
-- vim.lsp.config('appspec_lint', { ... }) on 0.11+, or with the table
-- vim.g.appspec_lint_config on older Neovim.
---@type vim.lsp.Config
return {
  -- The binary from `go install ./cmd/appspec-lint` (or a release) on PATH;
  -- give a full path here if it is elsewhere.
  cmd = { 'appspec-lint', 'lsp' },

  -- The compound filetypes that ftdetect/appspec_lint.lua gives appspec.yml,
  -- appspec.yaml and appspec.json: they keep YAML/JSON syntax, indent and
  -- ftplugins, and let this server start only for AppSpec buffers instead of
  -- every YAML and JSON file. Mark any other file as an AppSpec with
  -- `:set filetype=yaml.appspec` (or a vim.filetype.add rule) and the server
  -- attaches and lints it, because of init_options below.
  filetypes = { 'yaml.appspec', 'json.appspec' },

  -- An appspec marks its own folder, which is the revision's root: the
  -- server checks that the scripts the hooks name exist relative to it.
  root_markers = { 'appspec.yml', 'appspec.yaml', 'appspec.json', '.git' },

  -- The server lints files named appspec.yml/.yaml/.json by itself; Neovim
  -- sends the buffer's filetype as the languageId, so naming the filetypes
  -- here makes it lint any buffer marked as an AppSpec too.
  init_options = {
    languageIds = { 'yaml.appspec', 'json.appspec' },
  },
}
