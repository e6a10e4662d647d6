package rules

import (
	"bytes"
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// ScriptPS1Bitness is AS904.
var ScriptPS1Bitness = &lint.Rule{
	ID: "AS904", Name: "ps1-64bit", Severity: lint.Info,
	Platforms: lint.EC2, Category: "scripts", OptIn: true,
	Summary: "Windows: .ps1 hook scripts run under 32-bit PowerShell",
	Doc: `The Windows agent runs a .ps1 script with powershell.exe -ExecutionPolicy
Bypass -File, started from its own 32-bit process, so Windows gives it the
32-bit PowerShell (C:\Windows\SysWOW64\WindowsPowerShell\v1.0). A script that
needs 64-bit PowerShell (a module or COM object that exists only in 64-bit,
the 64-bit registry view, more than 32-bit memory) then fails or quietly
does something else. The user guide's remedy is to re-launch the script
under 64-bit PowerShell at its top: from a 32-bit process the 64-bit
System32 folder is reachable as SysNative.

    # at the top of the .ps1 script
    if ($PSHOME -like "*SysWOW64*") {
      Write-Warning "Restarting under 64-bit Windows PowerShell"
      $ps64 = Join-Path ($PSHOME -replace "SysWOW64", "SysNative") powershell.exe
      & $ps64 -File (Join-Path $PSScriptRoot $MyInvocation.MyCommand) @args
      Exit $LastExitCode
    }

This is a reminder, off by default (turn it on with --enable AS904). It
reports each .ps1 location of a Windows appspec, and stays quiet for a
script that already mentions SysNative (read from the revision when the
linter can see it).

Bad:

    os: windows
    hooks:
      AfterInstall:
        - location: scripts\register-com.ps1   # needs 64-bit, runs 32-bit

Good:

    os: windows
    hooks:
      AfterInstall:
        - location: scripts\register-com.ps1   # re-launches itself via SysNative
`,
	Script: func(p *lint.Pass, s *lint.Script) {
		if !p.Spec.IsWindows() || hookReserved(s.Event.Name()) != "" {
			return
		}
		v := s.Location.ValueNode()
		if v == nil || v.Kind != lint.ScalarNode || hookNil(v) {
			return
		}
		if !strings.HasSuffix(strings.ToLower(strings.TrimSpace(v.Value)), ".ps1") {
			return
		}
		if ref, ok := contentScript(p, s); ok {
			src, err := p.Doc.Revision.ReadFile(ref.name, contentScriptLimit)
			// Windows editors often save PowerShell as UTF-16: drop the NULs.
			if err == nil && bytes.Contains(bytes.ToLower(bytes.ReplaceAll(src, []byte{0}, nil)), []byte("sysnative")) {
				return
			}
		}
		p.Report(v, "%s runs under the 32-bit Windows PowerShell: the agent starts powershell.exe from its 32-bit process; if the script needs 64-bit PowerShell, have it re-launch itself through `$PSHOME -replace \"SysWOW64\", \"SysNative\"` (`appspec-lint explain AS904` shows the snippet)", hookShow(v))
	},
}

func init() { register(ScriptPS1Bitness) }
