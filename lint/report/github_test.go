package report

import (
	"bytes"
	"testing"
)

func TestGitHubCommands(t *testing.T) {
	res := richResult()
	// A message and a path that would break the command if not escaped.
	res.Files[0].Diagnostics[0].Message = "100% sure:\r\nline two, ::error::injected"
	res.Files[0].Diagnostics[0].File = "a,b:c/appspec.yml"
	var out bytes.Buffer
	if err := GitHub(&out, res, Options{}); err != nil {
		t.Fatal(err)
	}
	// Sorted by path: "a,b:c" sorts before "app.tgz".
	want := "::error file=a%2Cb%3Ac/appspec.yml,line=1,col=10,endLine=1,endColumn=15,title=AS203 version-quoted-ec2::100%25 sure:%0D%0Aline two, ::error::injected\n" +
		"::notice file=app.tgz,title=AS803 tar-on-windows::app.tgz!repo-1a2/appspec.yml:2:5: tar\n" +
		"::warning file=deploy dir/appspec.yml,line=6,col=3,endLine=6,endColumn=15,title=AS120 duplicate-key::duplicate\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

func TestGitHubPropertyEscaping(t *testing.T) {
	for in, want := range map[string]string{
		"50%":     "50%25",
		"a\r\nb":  "a%0D%0Ab",
		"k: v, w": "k%3A v%2C w",
		"%3A":     "%253A",
	} {
		if got := ghProperty(in); got != want {
			t.Errorf("ghProperty(%q) = %q, want %q", in, got, want)
		}
	}
	if got := ghData("a: b, 5%\n"); got != "a: b, 5%25%0A" {
		t.Errorf("ghData keeps : and , but escapes %% and newlines: %q", got)
	}
}
