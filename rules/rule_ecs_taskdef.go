package rules

import (
	"strings"

	"github.com/appspec-lint/appspec-lint/lint"
)

// EcsTaskDefRequired is AS703.
var EcsTaskDefRequired = &lint.Rule{
	ID: "AS703", Name: "ecs-taskdef-required", Severity: lint.Error,
	Platforms: lint.ECS, Category: "ecs",
	Summary: "ECS: Properties must give the TaskDefinition to deploy",
	Doc: `TaskDefinition names the task definition revision that the replacement task
set runs: it is what an ECS deployment deploys, and CodeDeploy requires it
(AWS's AppSpec validator reports an empty one). It sits under Properties of
the TargetService resource. A missing Properties, or a Properties that is not
a mapping, is reported here too.

Bad:

    Resources:
      - TargetService:
          Type: AWS::ECS::Service
          Properties:
            TaskDefinition: ""
            LoadBalancerInfo:
              ContainerName: web
              ContainerPort: 80

Good:

    Resources:
      - TargetService:
          Type: AWS::ECS::Service
          Properties:
            TaskDefinition: arn:aws:ecs:us-east-1:111122223333:task-definition/web:3
            LoadBalancerInfo:
              ContainerName: web
              ContainerPort: 80
`,
	Document: func(p *lint.Pass) {
		for _, t := range ecsTargets(p) {
			ecsCheckTaskDefRequired(p, t)
		}
	},
}

const ecsARNExample = "arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>"

func ecsCheckTaskDefRequired(p *lint.Pass, t *ecsTarget) {
	if t.Body == nil {
		return // AS702 explains the empty resource
	}
	if t.Props == nil {
		ecsReportMissing(p, t.Key, t.Body, "`"+structKeyName(t.Key)+"`", "Properties",
			"add `Properties:` with at least `TaskDefinition` and `LoadBalancerInfo`")
		return
	}
	props := t.PropsMap()
	if props == nil {
		if v := t.Props.ValueNode(); v.IsNull() {
			p.Report(t.Props.Key, "`%s` is empty; it needs at least `TaskDefinition` and `LoadBalancerInfo`", ecsKey(t.Props))
		} else {
			p.Report(v, "`%s` is %s; it must be a mapping with at least `TaskDefinition` and `LoadBalancerInfo`", ecsKey(t.Props), v.Describe())
		}
		return
	}
	td := props.GetFold("TaskDefinition")
	if td == nil {
		ecsReportMissing(p, t.Props.Key, props, "`"+ecsKey(t.Props)+"`", "TaskDefinition",
			"add `TaskDefinition:` with the ARN of the task definition revision to deploy ("+ecsARNExample+")")
		return
	}
	v := td.ValueNode()
	switch {
	case v.IsNull():
		p.Report(td.Key, "`%s` has no value; write the ARN of the task definition revision to deploy (%s)", ecsKey(td), ecsARNExample)
	case v.Kind != lint.ScalarNode:
		p.Report(v, "`%s` is %s; it must be the ARN of a task definition revision (%s)", ecsKey(td), v.Describe(), ecsARNExample)
	case strings.TrimSpace(v.Value) == "":
		p.Report(v, "`%s` is empty; write the ARN of the task definition revision to deploy (%s), or the placeholder `<TASK_DEFINITION>` if CodePipeline fills it in", ecsKey(td), ecsARNExample)
	}
}

// EcsTaskDefARN is AS704.
var EcsTaskDefARN = &lint.Rule{
	ID: "AS704", Name: "ecs-taskdef-arn", Severity: lint.Warning,
	Platforms: lint.ECS, Category: "ecs",
	Summary: "ECS: TaskDefinition should be a full task definition ARN",
	Doc: `The docs specify TaskDefinition as the ARN of one task definition revision:

    arn:aws:ecs:<region>:<account-id>:task-definition/<family>:<revision>

Values that are something else are very likely a mistake: a family name
without the ARN, an ARN without a revision or with "latest" as the revision
(revisions are numbers), the path of a task definition file (register it
first; the deployment needs the registered revision), the ARN of another kind
of resource (an IAM role, an ECS service), a wildcard copied from an IAM
policy, or a malformed ARN (a missing region, an extra colon).

Placeholders are normal in pipelines and are not reported: the CodePipeline
ECS blue/green action replaces <TASK_DEFINITION> with the ARN of the revision
it registers, and build scripts commonly substitute ${TASK_DEF_ARN},
{{task_definition}}, TASK_DEFINITION_ARN and the like. If a pipeline step
replaces whatever value is there, write it as such a placeholder so that the
file says so.

Bad:

    TaskDefinition: my-web-task

Good:

    TaskDefinition: arn:aws:ecs:us-east-1:111122223333:task-definition/my-web-task:7
`,
	Document: func(p *lint.Pass) {
		ecsPropsEach(p, func(props *lint.Node) {
			td := props.GetFold("TaskDefinition")
			v := structScalar(td.ValueNode())
			if v == nil || strings.TrimSpace(v.Value) == "" || ecsPlaceholder(v.Value) {
				return
			}
			if why := ecsTaskDefProblem(strings.TrimSpace(v.Value)); why != "" {
				p.Report(v, "`%s` %s", ecsKey(td), why)
			}
		})
	},
}

var (
	ecsFamily    = lazyRE(`^[A-Za-z0-9_-]{1,255}$`)
	ecsFamilyRev = lazyRE(`^[A-Za-z0-9_-]{1,255}:[0-9]+$`)
	ecsPartition = lazyRE(`^aws(-[a-z]+)*$`)
	ecsRegion    = lazyRE(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
	ecsAccount   = lazyRE(`^[0-9]{12}$`)
	ecsRevision  = lazyRE(`^[1-9][0-9]*$`)
)

// ecsTaskDefProblem explains why s is not a task definition revision ARN,
// or returns "".
func ecsTaskDefProblem(s string) string {
	if !strings.HasPrefix(s, "arn:") {
		lower := strings.ToLower(s)
		switch {
		case lower == "task-definition-arn":
			return "is the placeholder of the AWS docs' template; write the ARN of the revision to deploy: " + ecsARNExample
		case strings.HasSuffix(lower, ".json") || strings.HasSuffix(lower, ".yaml") || strings.HasSuffix(lower, ".yml") || strings.Contains(s, "/"):
			return "looks like the path of a task definition file, but CodeDeploy needs the ARN of a registered revision (" + ecsARNExample + "); register the file with `aws ecs register-task-definition` and use the ARN it returns"
		case ecsFamily.MatchString(s) || ecsFamilyRev.MatchString(s):
			return "is a task definition name, not its ARN; the docs ask for the full ARN of a revision: " + ecsARNExample
		}
		return "is not a task definition ARN; write the ARN of the revision to deploy: " + ecsARNExample
	}
	if strings.Contains(s, "*") {
		return "contains `*`: wildcards belong in IAM policies, while a deployment names one task definition revision (" + ecsARNExample + ")"
	}
	parts := strings.SplitN(s, ":", 6)
	if len(parts) < 6 {
		return "is not a well-formed task definition ARN; it has the form " + ecsARNExample
	}
	partition, service, region, account, resource := parts[1], parts[2], parts[3], parts[4], parts[5]
	if service != "ecs" {
		kind := strings.SplitN(strings.SplitN(resource, "/", 2)[0], ":", 2)[0]
		if kind == "" || service == "" {
			return "is not a well-formed task definition ARN; it has the form " + ecsARNExample
		}
		return "is the ARN of " + ecsArticle(strings.ToUpper(service)+" "+kind) + ", not of an ECS task definition; write " + ecsARNExample
	}
	switch {
	case !ecsPartition.MatchString(partition):
		return "has no valid partition after `arn:` (aws, aws-cn, aws-us-gov, ...); the ARN has the form " + ecsARNExample
	case !ecsRegion.MatchString(region):
		return "has no valid region (such as us-east-1) after `ecs:`; the ARN has the form " + ecsARNExample
	case !ecsAccount.MatchString(account):
		return "has no 12-digit account ID after the region; the ARN has the form " + ecsARNExample
	}
	if !strings.HasPrefix(resource, "task-definition/") {
		kind := strings.SplitN(strings.SplitN(resource, "/", 2)[0], ":", 2)[0]
		if kind == "" || kind == "task-definition" {
			return "is not a well-formed task definition ARN; it has the form " + ecsARNExample
		}
		return "is the ARN of an ECS " + kind + ", not of a task definition; write " + ecsARNExample
	}
	rest := strings.TrimPrefix(resource, "task-definition/")
	family, rev, hasRev := strings.Cut(rest, ":")
	switch {
	case !ecsFamily.MatchString(family):
		return "has a family name `" + family + "` that is not valid (letters, digits, `-` and `_`); the ARN has the form " + ecsARNExample
	case !hasRev:
		return "has no revision; add the revision number to deploy, as in `" + s + ":1`"
	case !ecsRevision.MatchString(rev):
		return "has the revision `" + rev + "`, but revisions are numbers (1, 2, ...); write the revision number to deploy"
	}
	return ""
}

// ecsArticle prefixes a noun phrase with "a" or "an".
func ecsArticle(s string) string {
	if s != "" && strings.ContainsRune("aeiouAEIOU", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}

func init() { register(EcsTaskDefRequired, EcsTaskDefARN) }
