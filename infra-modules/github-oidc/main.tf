# The role GitHub Actions assumes to deploy: only jobs of one repository's one environment can assume it (OIDC,
# no stored keys), and it can push to one ECR repository and roll out services of one ECS cluster.

locals {
  issuer            = "token.actions.githubusercontent.com"
  oidc_provider_arn = var.create_oidc_provider ? aws_iam_openid_connect_provider.github[0].arn : var.oidc_provider_arn
  subject           = "repo:${var.github_repository}:environment:${var.github_environment}"

  # arn:aws:ecs:<region>:<account>:cluster/<name> -> the same account's and region's services and tasks in it.
  cluster_parts  = split(":", var.ecs_cluster_arn)
  cluster_name   = element(split("/", var.ecs_cluster_arn), 1)
  ecs_arn_prefix = join(":", slice(local.cluster_parts, 0, 5))
}

resource "aws_iam_openid_connect_provider" "github" {
  count = var.create_oidc_provider ? 1 : 0

  url            = "https://${local.issuer}"
  client_id_list = ["sts.amazonaws.com"]
  # AWS trusts GitHub's issuer through its own CA store; the thumbprints are what older API versions require.
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1", "1c58a3a8518e8759bf075b76b750d4f2df264fcd"]

  tags = var.tags
}

resource "aws_iam_role" "deploy" {
  name                 = var.name
  description          = "Deploys ${var.github_repository} (environment ${var.github_environment}) from GitHub Actions"
  max_session_duration = var.max_session_duration
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = local.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        # StringEquals, never StringLike: one repository, one environment, nothing matched by pattern.
        StringEquals = {
          "${local.issuer}:aud" = "sts.amazonaws.com"
          "${local.issuer}:sub" = local.subject
        }
      }
    }]
  })

  tags = var.tags

  lifecycle {
    precondition {
      condition     = var.create_oidc_provider || var.oidc_provider_arn != null
      error_message = "oidc_provider_arn is required when create_oidc_provider is false."
    }
  }
}

resource "aws_iam_role_policy" "deploy" {
  name = "deploy"
  role = aws_iam_role.deploy.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          # GetAuthorizationToken and the task-definition calls name no resource: they cannot be scoped further.
          Sid      = "Unscoped"
          Effect   = "Allow"
          Action   = ["ecr:GetAuthorizationToken", "ecs:RegisterTaskDefinition", "ecs:DescribeTaskDefinition"]
          Resource = "*"
        },
        {
          Sid    = "PushImage"
          Effect = "Allow"
          Action = [
            "ecr:BatchCheckLayerAvailability",
            "ecr:BatchGetImage",
            "ecr:CompleteLayerUpload",
            "ecr:DescribeImages",
            "ecr:GetDownloadUrlForLayer",
            "ecr:InitiateLayerUpload",
            "ecr:PutImage",
            "ecr:UploadLayerPart",
          ]
          Resource = concat([var.ecr_repository_arn], var.additional_ecr_repository_arns)
        },
        {
          Sid      = "RollOutServices"
          Effect   = "Allow"
          Action   = ["ecs:UpdateService", "ecs:DescribeServices"]
          Resource = "${local.ecs_arn_prefix}:service/${local.cluster_name}/*"
        },
        {
          Sid      = "WatchTasks"
          Effect   = "Allow"
          Action   = ["ecs:DescribeTasks", "ecs:StopTask"]
          Resource = "${local.ecs_arn_prefix}:task/${local.cluster_name}/*"
        },
        {
          Sid      = "PassServiceRoles"
          Effect   = "Allow"
          Action   = "iam:PassRole"
          Resource = var.pass_role_arns
          Condition = {
            StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" }
          }
        },
      ],
      length(var.task_families) == 0 ? [] : [{
        Sid      = "RunOneOffTasks"
        Effect   = "Allow"
        Action   = "ecs:RunTask"
        Resource = [for family in var.task_families : "${local.ecs_arn_prefix}:task-definition/${family}:*"]
        Condition = {
          ArnEquals = { "ecs:cluster" = var.ecs_cluster_arn }
        }
      }],
    )
  })
}
