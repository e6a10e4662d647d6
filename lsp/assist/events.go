package assist

import (
	"strconv"
	"strings"

	"github.com/appspec-lint/appspec-lint/rules"
)

// inPlaceOrder is the order of the EC2/On-Premises lifecycle events in an
// in-place deployment; the block/allow-traffic events run only when the
// deployment group has a load balancer.
var inPlaceOrder = []string{
	"Start", "BeforeBlockTraffic", "BlockTraffic", "AfterBlockTraffic",
	"ApplicationStop", "DownloadBundle", "BeforeInstall", "Install",
	"AfterInstall", "ApplicationStart", "ValidateService",
	"BeforeAllowTraffic", "AllowTraffic", "AfterAllowTraffic", "End",
}

// blueGreenReplacement is the order on the replacement instances of a
// blue/green deployment; blueGreenOriginal on the original instances.
var (
	blueGreenReplacement = []string{
		"ApplicationStop", "DownloadBundle", "BeforeInstall", "Install",
		"AfterInstall", "ApplicationStart", "ValidateService",
		"BeforeAllowTraffic", "AllowTraffic", "AfterAllowTraffic",
	}
	blueGreenOriginal = []string{"BeforeBlockTraffic", "BlockTraffic", "AfterBlockTraffic"}
)

func lbOnly(ev string) bool {
	return strings.HasSuffix(ev, "BlockTraffic") || strings.HasSuffix(ev, "AllowTraffic")
}

// previousRevision reports whether an event runs the last successful
// revision's scripts rather than this file's.
func previousRevision(ev string) bool {
	return ev == "ApplicationStop" || ev == "BeforeBlockTraffic" || ev == "AfterBlockTraffic"
}

func isScriptable(ev string) bool {
	for _, e := range rules.ScriptableEvents {
		if e == ev {
			return true
		}
	}
	return false
}

func isReserved(ev string) bool {
	for _, e := range rules.ReservedEvents {
		if e == ev {
			return true
		}
	}
	return false
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// ec2EventLifecycle explains where an EC2 event runs: its place in the
// in-place and blue/green orders and whose scripts it runs.
func ec2EventLifecycle(ev string) string {
	if indexOf(inPlaceOrder, ev) < 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("**Lifecycle**\n\n")
	// In-place.
	var steps []string
	for _, e := range inPlaceOrder {
		t := e
		if lbOnly(e) {
			t += "¹"
		}
		if e == ev {
			t = "**" + t + "**"
		}
		steps = append(steps, t)
	}
	line := "- In-place: step " + strconv.Itoa(indexOf(inPlaceOrder, ev)+1) + " of " + strconv.Itoa(len(inPlaceOrder)) + " with a load balancer"
	if !lbOnly(ev) {
		var noLB []string
		for _, e := range inPlaceOrder {
			if !lbOnly(e) {
				noLB = append(noLB, e)
			}
		}
		line += ", " + strconv.Itoa(indexOf(noLB, ev)+1) + " of " + strconv.Itoa(len(noLB)) + " without one"
	} else {
		line += "; skipped without one"
	}
	b.WriteString(line + ": " + strings.Join(steps, " → ") + "\n")
	// Blue/green.
	switch {
	case indexOf(blueGreenOriginal, ev) >= 0:
		b.WriteString("- Blue/green: on the original instances, step " + strconv.Itoa(indexOf(blueGreenOriginal, ev)+1) + " of " + strconv.Itoa(len(blueGreenOriginal)) + " (" + strings.Join(blueGreenOriginal, " → ") + "); in a rollback, on the replacement instances\n")
	case indexOf(blueGreenReplacement, ev) >= 0:
		line := "- Blue/green: on the replacement instances, step " + strconv.Itoa(indexOf(blueGreenReplacement, ev)+1) + " of " + strconv.Itoa(len(blueGreenReplacement))
		if strings.HasSuffix(ev, "AllowTraffic") {
			line += "; in a rollback, on the original instances"
		}
		b.WriteString(line + "\n")
	default:
		b.WriteString("- Blue/green: not a step of the instances' deployment\n")
	}
	switch {
	case isReserved(ev):
		b.WriteString("- Scripts: none. This step is performed by CodeDeploy itself; scripts listed under it never run.\n")
	case previousRevision(ev):
		b.WriteString("- Scripts: those of the **previous (last successful) revision**, not this file's: a change here takes effect from the next deployment, and on the first deployment to an instance nothing runs.\n")
	case strings.HasSuffix(ev, "AllowTraffic"):
		b.WriteString("- Scripts: this revision's (in a blue/green rollback, the last successful revision's).\n")
	default:
		b.WriteString("- Scripts: this revision's.\n")
	}
	if lbOnly(ev) {
		b.WriteString("\n¹ In an in-place deployment, only when the deployment group has a load balancer.\n")
	}
	return b.String()
}
