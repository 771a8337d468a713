variable "name" {
  description = "Name of the service (and of its task family, roles and log group), e.g. \"library-web\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,26}[a-z0-9]$", var.name))
    error_message = "name must be 3-28 characters of lowercase letters, digits and hyphens, starting with a letter (target group names are short)."
  }
}

variable "create_cluster" {
  description = "Create an ECS cluster named after the service. False runs the service in cluster_arn."
  type        = bool
  default     = true
}

variable "cluster_arn" {
  description = "ARN of an existing ECS cluster to run in when create_cluster is false."
  type        = string
  default     = null

  validation {
    condition     = var.cluster_arn == null || can(regex("^arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:cluster/[A-Za-z0-9_-]+$", var.cluster_arn))
    error_message = "cluster_arn must be an ECS cluster ARN (arn:aws:ecs:<region>:<account>:cluster/<name>)."
  }
}

variable "vpc_id" {
  description = "VPC of the service's security group and target group."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets the tasks run in (they get no public address)."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 1
    error_message = "subnet_ids must list at least one private subnet."
  }
}

variable "image" {
  description = "Container image, ideally pinned by tag or digest, e.g. \"<account>.dkr.ecr.<region>.amazonaws.com/library/web:3f2a1bc\"."
  type        = string

  validation {
    condition     = length(trimspace(var.image)) > 0 && !endswith(var.image, ":latest")
    error_message = "image must name an image, and not by the moving tag \":latest\"."
  }
}

variable "image_repository_arn" {
  description = "ECR repository of the image: the execution role may pull from it and nothing else. Null grants no ECR access (public images)."
  type        = string
  default     = null
}

variable "cpu" {
  description = "Task CPU units (256 = a quarter vCPU)."
  type        = number
  default     = 256

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.cpu)
    error_message = "cpu must be a Fargate size: 256, 512, 1024, 2048, 4096, 8192 or 16384."
  }
}

variable "memory" {
  description = "Task memory in MiB; must suit cpu (e.g. 512-2048 for 256 CPU units)."
  type        = number
  default     = 512

  validation {
    condition     = var.memory >= 512 && var.memory <= 122880 && var.memory % 512 == 0
    error_message = "memory must be a multiple of 512 MiB from 512 to 122880."
  }
}

variable "cpu_architecture" {
  description = "\"X86_64\" or \"ARM64\" (Graviton): must match the image."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be \"X86_64\" or \"ARM64\"."
  }
}

variable "command" {
  description = "Command overriding the image's CMD, e.g. [\"celery\", \"-A\", \"config\", \"worker\"]; null keeps the image's."
  type        = list(string)
  default     = null
}

variable "container_port" {
  description = "Port the container listens on; null for a worker that serves nothing."
  type        = number
  default     = null

  validation {
    condition     = var.container_port == null || (coalesce(var.container_port, 0) >= 1 && coalesce(var.container_port, 0) <= 65535)
    error_message = "container_port must be from 1 to 65535, or null for a worker."
  }
}

variable "environment" {
  description = "Plain environment variables. Never put secrets here: use secrets."
  type        = map(string)
  default     = {}
}

variable "secrets" {
  description = "Environment variables read at start from Secrets Manager secrets or SSM parameters: name => ARN (a Secrets Manager ARN may end in \":<json-key>::\")."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for arn in values(var.secrets) : can(regex("^arn:aws[a-z-]*:(secretsmanager|ssm):[a-z0-9-]+:[0-9]{12}:(secret:|parameter/)", arn))])
    error_message = "secrets values must be Secrets Manager secret or SSM parameter ARNs (arn:aws:secretsmanager:... or arn:aws:ssm:...:parameter/...)."
  }
}

variable "secrets_kms_key_arns" {
  description = "Customer-managed KMS keys that encrypt the secrets, which the execution role may decrypt with."
  type        = list(string)
  default     = []
}

variable "task_role_policies" {
  description = "IAM policies (JSON) of the application itself, by name, e.g. { files = <access to its media bucket> }. The names must be known when planning; the documents may be computed."
  type        = map(string)
  default     = {}
}

variable "readonly_root_filesystem" {
  description = "Mount the container's root filesystem read-only; /tmp stays writable."
  type        = bool
  default     = true
}

variable "ignore_task_definition_changes" {
  description = "Leave the service's task definition revision to a deploy pipeline after creation (it registers revisions with new images); Terraform then never rolls the service back to its own revision."
  type        = bool
  default     = false
}

variable "enable_autoscaling" {
  description = "Scale between min_capacity and max_capacity. False keeps desired_count tasks, e.g. for a scheduler that must run exactly once."
  type        = bool
  default     = true
}

variable "desired_count" {
  description = "Tasks to start with. Terraform sets it at creation only; afterwards autoscaling (or an operator) owns it."
  type        = number
  default     = 2

  validation {
    condition     = var.desired_count >= 0
    error_message = "desired_count must be 0 or more."
  }
}

variable "min_capacity" {
  description = "Fewest tasks autoscaling keeps."
  type        = number
  default     = 2

  validation {
    condition     = var.min_capacity >= 0
    error_message = "min_capacity must be 0 or more."
  }
}

variable "max_capacity" {
  description = "Most tasks autoscaling starts."
  type        = number
  default     = 6

  validation {
    condition     = var.max_capacity >= 1
    error_message = "max_capacity must be at least 1."
  }
}

variable "cpu_target_percent" {
  description = "Average CPU use autoscaling aims for."
  type        = number
  default     = 60

  validation {
    condition     = var.cpu_target_percent >= 10 && var.cpu_target_percent <= 90
    error_message = "cpu_target_percent must be from 10 to 90."
  }
}

variable "requests_per_target" {
  description = "Requests per task per minute autoscaling aims for (behind a load balancer); null scales on CPU only."
  type        = number
  default     = 1000

  validation {
    condition     = var.requests_per_target == null || coalesce(var.requests_per_target, 0) >= 1
    error_message = "requests_per_target must be at least 1, or null."
  }
}

variable "load_balancer" {
  description = <<-EOT
    Serve behind an ALB: its HTTPS listener, its ARN suffix (for request-count scaling) and security group, and
    which requests to route here. Null for a worker.
  EOT
  type = object({
    listener_arn      = string
    arn_suffix        = string
    security_group_id = string
    priority          = optional(number, 100)
    path_patterns     = optional(list(string), ["/*"])
    host_headers      = optional(list(string), [])
    http_header       = optional(object({ name = string, value = string }))
  })
  default = null

  validation {
    condition     = var.load_balancer == null || try(length(var.load_balancer.path_patterns) >= 1 && length(var.load_balancer.host_headers) + (var.load_balancer.http_header == null ? 0 : 1) <= 4, false)
    error_message = "load_balancer needs at least one path pattern, and at most four host headers and http_header together (an ALB rule takes five condition values)."
  }
}

variable "service_discovery" {
  description = <<-EOT
    Register the tasks in a Cloud Map private DNS namespace (namespace_id), an A record each, so that other
    services of the VPC reach this one directly at <name>.<namespace>; name defaults to the service's name. Null
    registers nothing.
  EOT
  type = object({
    namespace_id = string
    name         = optional(string)
  })
  default = null

  validation {
    condition     = var.service_discovery == null || try(var.service_discovery.name == null || can(regex("^[a-z][a-z0-9-]{0,62}$", var.service_discovery.name)), false)
    error_message = "service_discovery.name must be a DNS label: lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "backlog_scaling" {
  description = <<-EOT
    Also scale on a queue's backlog: the CloudWatch metric (namespace, metric_name, dimensions) of the messages
    waiting, divided by the running tasks, kept near target_per_task. Null scales on CPU (and requests) only.
  EOT
  type = object({
    namespace       = string
    metric_name     = string
    dimensions      = optional(map(string), {})
    target_per_task = optional(number, 10)
  })
  default = null

  validation {
    condition     = var.backlog_scaling == null || try(var.backlog_scaling.target_per_task >= 1, false)
    error_message = "backlog_scaling.target_per_task must be at least 1 message per task."
  }
}

variable "health_check_path" {
  description = "Path the target group probes; it must answer 200 only when the app can serve (database reachable)."
  type        = string
  default     = "/health/ready/"

  validation {
    condition     = startswith(var.health_check_path, "/")
    error_message = "health_check_path must start with \"/\"."
  }
}

variable "health_check_grace_period_seconds" {
  description = "Seconds after a task starts during which failed health checks do not stop it."
  type        = number
  default     = 60
}

variable "enable_execute_command" {
  description = "Allow `aws ecs execute-command` into running tasks (for a management shell)."
  type        = bool
  default     = false
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the container logs."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the periods CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, ...)."
  }
}

variable "log_kms_key_arn" {
  description = "KMS key that encrypts the log group; null uses CloudWatch's own encryption."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
