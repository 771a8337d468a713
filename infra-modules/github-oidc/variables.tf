variable "name" {
  description = "Name of the deploy role, e.g. \"library-prod-deploy\"."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9+=,.@_-]{1,64}$", var.name))
    error_message = "name must be an IAM role name: 1-64 letters, digits and +=,.@_- characters."
  }
}

variable "create_oidc_provider" {
  description = "Create the account's GitHub Actions OIDC provider. False uses oidc_provider_arn (an account has one per URL)."
  type        = bool
  default     = true
}

variable "oidc_provider_arn" {
  description = "ARN of the existing token.actions.githubusercontent.com provider when create_oidc_provider is false."
  type        = string
  default     = null

  validation {
    condition     = var.oidc_provider_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/token\\.actions\\.githubusercontent\\.com$", var.oidc_provider_arn))
    error_message = "oidc_provider_arn must be the ARN of the token.actions.githubusercontent.com OIDC provider."
  }
}

variable "github_repository" {
  description = "Repository allowed to assume the role, as \"owner/name\"."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$", var.github_repository))
    error_message = "github_repository must be \"owner/name\", e.g. \"acme/library\" (no wildcards)."
  }
}

variable "github_environment" {
  description = "GitHub environment whose jobs may assume the role, e.g. \"production\" (protect it with reviewers)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]{1,255}$", var.github_environment))
    error_message = "github_environment must be an environment name of letters, digits, '.', '_' or '-' (no wildcards)."
  }
}

variable "ecr_repository_arn" {
  description = "The ECR repository the role may push images to."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:ecr:[a-z0-9-]+:[0-9]{12}:repository/.+$", var.ecr_repository_arn))
    error_message = "ecr_repository_arn must be an ECR repository ARN."
  }
}

variable "additional_ecr_repository_arns" {
  description = "Further ECR repositories the role may push to (an app of several images, e.g. its frontend's)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.additional_ecr_repository_arns : can(regex("^arn:aws[a-z-]*:ecr:[a-z0-9-]+:[0-9]{12}:repository/.+$", arn))])
    error_message = "additional_ecr_repository_arns must be ECR repository ARNs."
  }
}

variable "ecs_cluster_arn" {
  description = "The ECS cluster whose services the role may update and where it may run tasks."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:cluster/[A-Za-z0-9_-]+$", var.ecs_cluster_arn))
    error_message = "ecs_cluster_arn must be an ECS cluster ARN (arn:aws:ecs:<region>:<account>:cluster/<name>)."
  }
}

variable "task_families" {
  description = "Task definition families the role may run one-off tasks of (migrations), e.g. [\"library-web\"]."
  type        = list(string)
  default     = []
}

variable "pass_role_arns" {
  description = "Task and execution roles the role may hand to ECS when it registers task definitions."
  type        = list(string)

  validation {
    condition     = length(var.pass_role_arns) > 0 && alltrue([for arn in var.pass_role_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/", arn))])
    error_message = "pass_role_arns must list the services' IAM role ARNs (arn:aws:iam::<account>:role/<name>), at least one."
  }
}

variable "max_session_duration" {
  description = "Longest session in seconds a deploy job gets."
  type        = number
  default     = 3600

  validation {
    condition     = var.max_session_duration >= 3600 && var.max_session_duration <= 43200
    error_message = "max_session_duration must be from 3600 to 43200 seconds."
  }
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
