package rules

import (
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// EcsPlatformVersion is AS715.
var EcsPlatformVersion = &lint.Rule{
	ID: "AS715", Name: "ecs-platform-version", Severity: lint.Info,
	Platforms: lint.ECS, Category: "ecs", OptIn: true,
	Summary: "ECS: PlatformVersion applies to Fargate tasks and defaults to LATEST",
	Doc: `A note on PlatformVersion (opt-in): it is the AWS Fargate platform version of
the replacement task set, such as 1.4.0, and matters only for tasks that run
on Fargate. Without it CodeDeploy uses LATEST, so PlatformVersion: LATEST can
be left out; a pinned version keeps the tasks on it until you change the
file.

Bad:

    Properties:
      TaskDefinition: arn:aws:ecs:us-east-1:111122223333:task-definition/web:3
      PlatformVersion: LATEST

Good:

    Properties:
      TaskDefinition: arn:aws:ecs:us-east-1:111122223333:task-definition/web:3
`,
	Document: func(p *lint.Pass) {
		ecsPropsEach(p, func(props *lint.Node) {
			pv := props.GetFold("PlatformVersion")
			if pv == nil {
				return
			}
			v := structScalar(pv.ValueNode())
			switch {
			case v == nil:
				p.Report(pv.Key, "`%s` is the Fargate platform version of the new task set; without a value, CodeDeploy uses LATEST", ecsKey(pv))
			case strings.EqualFold(strings.TrimSpace(v.Value), "LATEST"):
				p.Report(pv.Key, "`%s: %s` is the default (it applies to Fargate tasks only); the line can be left out", ecsKey(pv), v.Value)
			default:
				p.Report(pv.Key, "`%s` pins the Fargate platform version of the new task set to %s (it applies to Fargate tasks only; the default is LATEST)", ecsKey(pv), ecsCode(v.Value))
			}
		})
	},
}

func init() { register(EcsPlatformVersion) }
