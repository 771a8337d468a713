variable "name" {
  description = "Replication group id and prefix of its companions, e.g. \"library-prod\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,33}[a-z0-9]$", var.name)) && !strcontains(var.name, "--")
    error_message = "name must be 2-35 characters of lowercase letters, digits and single hyphens, starting with a letter."
  }
}

variable "vpc_id" {
  description = "VPC the cache's security group belongs to."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets the cache nodes may be placed in."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 1
    error_message = "subnet_ids must list at least one private subnet."
  }
}

variable "allowed_security_group_ids" {
  description = "Security groups (the services') allowed to reach the cache port. Nothing else is."
  type        = list(string)
  default     = []
}

variable "engine" {
  description = "\"redis\" or \"valkey\" (valkey needs hashicorp/aws >= 5.80)."
  type        = string
  default     = "redis"

  validation {
    condition     = contains(["redis", "valkey"], var.engine)
    error_message = "engine must be \"redis\" or \"valkey\"."
  }
}

variable "engine_version" {
  description = "Engine version; null picks 7.1 for redis and 8.0 for valkey."
  type        = string
  default     = null

  validation {
    condition     = var.engine_version == null || can(regex("^[0-9]+\\.[0-9]+$", var.engine_version))
    error_message = "engine_version must look like \"7.1\" or be null."
  }
}

variable "node_type" {
  description = "ElastiCache node type."
  type        = string
  default     = "cache.t4g.micro"

  validation {
    condition     = startswith(var.node_type, "cache.")
    error_message = "node_type must be an ElastiCache node type such as \"cache.t4g.micro\"."
  }
}

variable "num_cache_clusters" {
  description = "Nodes in the group: one primary and the rest replicas."
  type        = number
  default     = 2

  validation {
    condition     = var.num_cache_clusters >= 1 && var.num_cache_clusters <= 6 && floor(var.num_cache_clusters) == var.num_cache_clusters
    error_message = "num_cache_clusters must be a whole number from 1 to 6."
  }
}

variable "automatic_failover" {
  description = "Promote a replica (in another zone) when the primary fails. Needs num_cache_clusters >= 2."
  type        = bool
  default     = true
}

variable "auth_token" {
  description = "AUTH token clients must send (16-128 printable characters, none of @ \" /). Null generates one. Either way it is kept in a Secrets Manager secret."
  type        = string
  default     = null
  sensitive   = true

  validation {
    condition     = var.auth_token == null || (length(coalesce(var.auth_token, "x")) >= 16 && length(coalesce(var.auth_token, "x")) <= 128 && can(regex("^[!#-.0-?A-~]+$", coalesce(var.auth_token, "x"))))
    error_message = "auth_token must be 16-128 printable ASCII characters without spaces, @, \" or /."
  }
}

variable "snapshot_retention_limit" {
  description = "Days of daily snapshots kept; 0 turns snapshots off."
  type        = number
  default     = 7

  validation {
    condition     = var.snapshot_retention_limit >= 0 && var.snapshot_retention_limit <= 35
    error_message = "snapshot_retention_limit must be from 0 to 35 days."
  }
}

variable "kms_key_arn" {
  description = "KMS key for the data at rest and the token's secret; null uses the AWS-managed keys."
  type        = string
  default     = null
}

variable "apply_immediately" {
  description = "Apply changes now instead of in the next maintenance window."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
