# The defaults are the answers given to the template; change them here or in a terraform.tfvars file.

variable "name" {
  description = "Name prefix of every resource (services are <name>-web, <name>-frontend, <name>-worker, <name>-beat)."
  type        = string
  default     = "library"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,19}[a-z0-9]$", var.name)) && !strcontains(var.name, "--")
    error_message = "name must be 3-21 characters of lowercase letters, digits and single hyphens, starting with a letter."
  }
}

variable "region" {
  description = "AWS region to run in."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[1-9]$", var.region))
    error_message = "region must be an AWS region code such as \"us-east-1\"."
  }
}

variable "domain_name" {
  description = "Domain the app is served at. Its hosted zone is created here: delegate it from the parent domain with the name_servers output."
  type        = string
  default     = "app.example.com"

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain_name))
    error_message = "domain_name must be a lowercase DNS name such as \"app.example.com\"."
  }
}

variable "github_repository" {
  description = "The GitHub repository whose deploy workflow may assume the deploy role, as \"owner/name\"."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$", var.github_repository))
    error_message = "github_repository must be \"owner/name\", e.g. \"acme/library\"."
  }
}

variable "github_environment" {
  description = "The GitHub environment of the deploy job; protect it with required reviewers."
  type        = string
  default     = "production"

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]{1,255}$", var.github_environment))
    error_message = "github_environment must be letters, digits, '.', '_' or '-'."
  }
}

variable "create_github_oidc_provider" {
  description = "Create the account's GitHub Actions OIDC provider. False when the account has one already (one per account)."
  type        = bool
  default     = true
}

variable "multi_az" {
  description = "A standby of the database and a replica of the cache in a second availability zone, with automatic failover."
  type        = bool
  default     = true
}

variable "nat_per_az" {
  description = "One NAT gateway per availability zone (outbound traffic survives a zone failure) rather than one shared."
  type        = bool
  default     = false
}

variable "db_instance_class" {
  description = "RDS instance class of PostgreSQL."
  type        = string
  default     = "db.t4g.micro"

  validation {
    condition     = can(regex("^db\\.[a-z0-9-]+\\.[a-z0-9]+$", var.db_instance_class))
    error_message = "db_instance_class must be an RDS instance class such as \"db.t4g.micro\"."
  }
}

variable "cache_node_type" {
  description = "ElastiCache node type of Redis."
  type        = string
  default     = "cache.t4g.micro"

  validation {
    condition     = can(regex("^cache\\.[a-z0-9-]+\\.[a-z0-9]+$", var.cache_node_type))
    error_message = "cache_node_type must be an ElastiCache node type such as \"cache.t4g.micro\"."
  }
}

variable "task_cpu" {
  description = "CPU units of each web, worker and beat task (1024 = one vCPU)."
  type        = number
  default     = 512

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096], var.task_cpu)
    error_message = "task_cpu must be a Fargate size: 256, 512, 1024, 2048 or 4096."
  }
}

variable "task_memory" {
  description = "Memory in MiB of each task; it must suit task_cpu (Fargate's table)."
  type        = number
  default     = 1024

  validation {
    condition     = var.task_cpu == 256 ? contains([512, 1024, 2048], var.task_memory) : var.task_memory % 1024 == 0 && var.task_memory >= var.task_cpu * 2 && var.task_memory <= min(var.task_cpu * 8, 30720)
    error_message = "task_memory must suit task_cpu as Fargate requires: 512, 1024 or 2048 for 256 CPU units; else whole GiB from twice to eight times the CPU units (30720 at most)."
  }
}

variable "web_desired_count" {
  description = "Web tasks to start with, and the fewest autoscaling keeps."
  type        = number
  default     = 2

  validation {
    condition     = var.web_desired_count >= 1 && var.web_desired_count <= 20 && floor(var.web_desired_count) == var.web_desired_count
    error_message = "web_desired_count must be a whole number from 1 to 20."
  }
}

variable "web_max_count" {
  description = "Most web tasks autoscaling starts."
  type        = number
  default     = 6

  validation {
    condition     = var.web_max_count >= 1 && var.web_max_count <= 100
    error_message = "web_max_count must be from 1 to 100."
  }
}

variable "frontend_cpu" {
  description = "CPU units of each frontend task (the Astro server; 1024 = one vCPU)."
  type        = number
  default     = 256

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096], var.frontend_cpu)
    error_message = "frontend_cpu must be a Fargate size: 256, 512, 1024, 2048 or 4096."
  }
}

variable "frontend_memory" {
  description = "Memory in MiB of each frontend task; it must suit frontend_cpu (Fargate's table)."
  type        = number
  default     = 512

  validation {
    condition     = var.frontend_cpu == 256 ? contains([512, 1024, 2048], var.frontend_memory) : var.frontend_memory % 1024 == 0 && var.frontend_memory >= var.frontend_cpu * 2 && var.frontend_memory <= min(var.frontend_cpu * 8, 30720)
    error_message = "frontend_memory must suit frontend_cpu as Fargate requires: 512, 1024 or 2048 for 256 CPU units; else whole GiB from twice to eight times the CPU units (30720 at most)."
  }
}

variable "worker_max_count" {
  description = "Most worker tasks autoscaling starts when the queue grows."
  type        = number
  default     = 8

  validation {
    condition     = var.worker_max_count >= 1 && var.worker_max_count <= 100 && floor(var.worker_max_count) == var.worker_max_count
    error_message = "worker_max_count must be a whole number from 1 to 100."
  }
}

variable "worker_queue_target" {
  description = "Tasks waiting in the queue per running worker that autoscaling aims for: more waiting adds workers, fewer removes them (down to one)."
  type        = number
  default     = 10

  validation {
    condition     = var.worker_queue_target >= 1
    error_message = "worker_queue_target must be at least 1."
  }
}

variable "cdn_price_class" {
  description = "CloudFront's edge locations: PriceClass_100 (North America, Europe), PriceClass_200 or PriceClass_All."
  type        = string
  default     = "PriceClass_100"

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.cdn_price_class)
    error_message = "cdn_price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}

variable "autoscaling" {
  description = "Scale the web, frontend and worker services on load (the worker on its queue too). False keeps their counts fixed (web_desired_count web and frontend tasks, one worker)."
  type        = bool
  default     = true
}

variable "enable_execute_command" {
  description = "Allow `aws ecs execute-command` into the web tasks, for management commands such as createsuperuser."
  type        = bool
  default     = true
}

variable "image_tag" {
  description = "Image tag the first task definitions name. Deploys register new revisions with the commit's tag, and Terraform leaves the services' revision to them."
  type        = string
  default     = "initial"

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag)) && var.image_tag != "latest"
    error_message = "image_tag must be a Docker tag (letters, digits, '_', '.', '-') other than \"latest\"."
  }
}

variable "deletion_protection" {
  description = "Protect the database and the load balancer from deletion, and keep the registry and buckets from being deleted while they hold data. Turn off (and apply) before a teardown."
  type        = bool
  default     = true
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the containers' logs."
  type        = number
  default     = 90

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a period CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, ..."
  }
}

variable "tags" {
  description = "Tags added to every resource, besides Project and ManagedBy."
  type        = map(string)
  default     = {}
}
