-- Filetype detection for AWS CodeDeploy AppSpec files.
--
-- appspec.yml and appspec.yaml become `yaml.appspec`, appspec.json becomes
-- `json.appspec`. Why a compound (dotted) filetype rather than plain yaml or a
-- new name:
--   * Neovim loads syntax, indent and ftplugin files for each dotted part, so
--     the buffer keeps everything YAML (or JSON) has; there is no
--     syntax/appspec.vim to find, which is fine.
--   * Tree-sitter (0.10+) picks its parser from the part before the dot, so
--     `yaml.appspec` is highlighted with the yaml parser.
--   * LSP configs match the whole filetype, so lsp/appspec_lint.lua can ask
--     for `yaml.appspec` alone: the server starts for AppSpec files and not
--     for every YAML file in the project.
-- The cost: another YAML server (yamlls) configured for `yaml` only must list
-- `yaml.appspec` in its filetypes to attach too; the README shows how.
--
-- The server lints these names in any case (reporting a wrong case as AS103),
-- so detection ignores case too.

local names = {
  ['appspec.yml'] = 'yaml.appspec',
  ['appspec.yaml'] = 'yaml.appspec',
  ['appspec.json'] = 'json.appspec',
}

if vim.fn.has('nvim-0.8') == 1 or vim.g.do_filetype_lua == 1 then
  -- The Lua filetype detection (the default from 0.8; opt-in on 0.7).
  -- vim.filetype.add anchors patterns at both ends and, with a slash in the
  -- pattern, matches the full path.
  vim.filetype.add({
    filename = names,
    pattern = {
      ['.*/[Aa][Pp][Pp][Ss][Pp][Ee][Cc]%.[Yy][Aa]?[Mm][Ll]'] = 'yaml.appspec',
      ['.*/[Aa][Pp][Pp][Ss][Pp][Ee][Cc]%.[Jj][Ss][Oo][Nn]'] = 'json.appspec',
    },
  })
else
  -- Neovim 0.7 with the default filetype.vim: this file is sourced inside its
  -- `filetypedetect` group, after the rule that sets yaml/json for the
  -- extension, so this autocmd runs later and overrides it (`:setfiletype`
  -- would not).
  vim.api.nvim_create_autocmd({ 'BufNewFile', 'BufRead' }, {
    group = vim.api.nvim_create_augroup('filetypedetect', { clear = false }),
    pattern = '*',
    callback = function(args)
      local ft = names[vim.fn.fnamemodify(args.file, ':t'):lower()]
      if ft then
        vim.bo[args.buf].filetype = ft
      end
    end,
  })
end
