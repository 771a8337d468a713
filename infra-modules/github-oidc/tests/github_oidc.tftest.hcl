mock_provider "aws" {
  mock_resource "aws_iam_openid_connect_provider" {
    defaults = {
      arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
    }
  }
}

variables {
  name               = "library-prod-deploy"
  github_repository  = "acme/library"
  github_environment = "production"
  ecr_repository_arn = "arn:aws:ecr:eu-west-1:123456789012:repository/library/web"
  ecs_cluster_arn    = "arn:aws:ecs:eu-west-1:123456789012:cluster/library-web"
  task_families      = ["library-web"]
  pass_role_arns     = ["arn:aws:iam::123456789012:role/library-web-task", "arn:aws:iam::123456789012:role/library-web-execution"]
  tags               = { Environment = "test" }
}

run "trust_names_exactly_the_repository_and_environment" {
  assert {
    condition     = jsondecode(aws_iam_role.deploy.assume_role_policy).Statement[0].Condition == { StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com", "token.actions.githubusercontent.com:sub" = "repo:acme/library:environment:production" } }
    error_message = "The trust policy must require exactly repo:acme/library:environment:production with audience sts.amazonaws.com, by StringEquals only."
  }

  assert {
    condition     = length(jsondecode(aws_iam_role.deploy.assume_role_policy).Statement) == 1 && jsondecode(aws_iam_role.deploy.assume_role_policy).Statement[0].Principal == { Federated = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" } && jsondecode(aws_iam_role.deploy.assume_role_policy).Statement[0].Action == "sts:AssumeRoleWithWebIdentity"
    error_message = "Only web identities from the GitHub OIDC provider may assume the role."
  }

  assert {
    condition     = aws_iam_openid_connect_provider.github[0].url == "https://token.actions.githubusercontent.com" && aws_iam_openid_connect_provider.github[0].client_id_list == toset(["sts.amazonaws.com"])
    error_message = "The OIDC provider must be GitHub's, for STS."
  }
}

run "permissions_are_scoped_to_one_repository_and_one_cluster" {
  command = plan

  assert {
    condition     = one([for s in jsondecode(aws_iam_role_policy.deploy.policy).Statement : s.Resource if s.Sid == "PushImage"]) == ["arn:aws:ecr:eu-west-1:123456789012:repository/library/web"]
    error_message = "Pushes must be limited to the given repository."
  }

  assert {
    condition     = one([for s in jsondecode(aws_iam_role_policy.deploy.policy).Statement : s.Resource if s.Sid == "RollOutServices"]) == "arn:aws:ecs:eu-west-1:123456789012:service/library-web/*"
    error_message = "Service updates must be limited to the given cluster."
  }

  assert {
    condition     = jsonencode(one([for s in jsondecode(aws_iam_role_policy.deploy.policy).Statement : s.Resource if s.Sid == "PassServiceRoles"])) == jsonencode(var.pass_role_arns) && one([for s in jsondecode(aws_iam_role_policy.deploy.policy).Statement : s.Condition if s.Sid == "PassServiceRoles"]) == { StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } }
    error_message = "PassRole must name only the given roles, and only towards ECS tasks."
  }

  assert {
    condition     = one([for s in jsondecode(aws_iam_role_policy.deploy.policy).Statement : s.Resource if s.Sid == "RunOneOffTasks"]) == ["arn:aws:ecs:eu-west-1:123456789012:task-definition/library-web:*"] && one([for s in jsondecode(aws_iam_role_policy.deploy.policy).Statement : s.Condition if s.Sid == "RunOneOffTasks"]) == { ArnEquals = { "ecs:cluster" = "arn:aws:ecs:eu-west-1:123456789012:cluster/library-web" } }
    error_message = "RunTask must be limited to the given families in the given cluster."
  }

  assert {
    condition     = one([for s in jsondecode(aws_iam_role_policy.deploy.policy).Statement : s.Action if s.Sid == "Unscoped"]) == ["ecr:GetAuthorizationToken", "ecs:RegisterTaskDefinition", "ecs:DescribeTaskDefinition"]
    error_message = "Only the calls that take no resource may be granted on \"*\"."
  }
}

run "uses_an_existing_provider" {
  variables {
    create_oidc_provider = false
    oidc_provider_arn    = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
    task_families        = []
  }

  assert {
    condition     = length(aws_iam_openid_connect_provider.github) == 0
    error_message = "No provider is created when an existing one is given."
  }

  assert {
    condition     = length([for s in jsondecode(aws_iam_role_policy.deploy.policy).Statement : s if s.Sid == "RunOneOffTasks"]) == 0
    error_message = "Without task families, the role may run no task."
  }
}

run "refuses_a_wildcard_repository" {
  command = plan

  variables {
    github_repository = "acme/*"
  }

  expect_failures = [var.github_repository]
}

run "refuses_a_wildcard_environment" {
  command = plan

  variables {
    github_environment = "*"
  }

  expect_failures = [var.github_environment]
}

run "pushes_to_the_additional_repositories_too" {
  variables {
    additional_ecr_repository_arns = ["arn:aws:ecr:eu-west-1:123456789012:repository/library/frontend"]
  }

  assert {
    condition     = one([for s in jsondecode(aws_iam_role_policy.deploy.policy).Statement : s.Resource if s.Sid == "PushImage"]) == ["arn:aws:ecr:eu-west-1:123456789012:repository/library/web", "arn:aws:ecr:eu-west-1:123456789012:repository/library/frontend"]
    error_message = "The role may push to the given repositories, and to no other."
  }
}
