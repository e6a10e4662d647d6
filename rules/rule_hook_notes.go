package rules

import "github.com/appspec-lint/appspec-lint/lint"

// HookTrafficEvents is AS516.
var HookTrafficEvents = &lint.Rule{
	ID: "AS516", Name: "hook-lb-events-without-lb", Severity: lint.Info,
	Platforms: lint.EC2, Category: "hooks", OptIn: true,
	Summary: "block/allow-traffic events run only with a load balancer or blue/green",
	Doc: `BeforeBlockTraffic, AfterBlockTraffic, BeforeAllowTraffic and
AfterAllowTraffic run in an in-place deployment only when the deployment
group has a Classic, Application or Network Load Balancer, and always in
blue/green deployments. Without a load balancer their scripts are silently
skipped. The appspec cannot say which kind of deployment group it is used
with, so this is a reminder for hover and review.

Bad:

    hooks:
      BeforeAllowTraffic:
        - location: scripts/warm_cache.sh   # in-place, no load balancer: never runs

Good:

    hooks:
      ApplicationStart:
        - location: scripts/warm_cache.sh
`,
	Event: func(p *lint.Pass, ev *lint.Event) {
		switch ev.Name() {
		case "BeforeBlockTraffic", "AfterBlockTraffic", "BeforeAllowTraffic", "AfterAllowTraffic":
			p.Report(ev.Pair.Key, "%s runs only in blue/green deployments and in in-place deployments whose deployment group has a load balancer; elsewhere its scripts are skipped", ev.Name())
		}
	},
}

// HookPreviousRevision is AS517.
var HookPreviousRevision = &lint.Rule{
	ID: "AS517", Name: "hook-previous-revision", Severity: lint.Info,
	Platforms: lint.EC2, Category: "hooks", OptIn: true,
	Summary: "ApplicationStop and the block-traffic events run the previous revision's scripts",
	Doc: `ApplicationStop, BeforeBlockTraffic and AfterBlockTraffic happen before the
new revision is downloaded, so the agent runs the scripts, and reads the
appspec, of the last successful deployment to the instance. A change to these
scripts or entries takes effect only from the next deployment, and on the
first deployment to an instance ApplicationStop runs nothing. When a broken
ApplicationStop script blocks every deployment, deploy once with
--ignore-application-stop-failures (or the console option of the same name).

Bad:

    hooks:
      ApplicationStop:
        - location: scripts/stop.sh   # fixed in this commit: not used until the next deployment

Good:

    hooks:
      ApplicationStop:
        - location: scripts/stop.sh
`,
	Event: func(p *lint.Pass, ev *lint.Event) {
		switch ev.Name() {
		case "ApplicationStop", "BeforeBlockTraffic", "AfterBlockTraffic":
			p.Report(ev.Pair.Key, "%s runs the scripts and appspec of the last successful deployment on the instance, so changes here take effect from the next deployment; if a failing script blocks deployments, deploy once with --ignore-application-stop-failures", ev.Name())
		}
	},
}

func init() { register(HookTrafficEvents, HookPreviousRevision) }
