variable "name" {
  description = "Identifier of the database instance and prefix of its companions, e.g. \"library-prod\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,50}[a-z0-9]$", var.name)) && !strcontains(var.name, "--")
    error_message = "name must be 3-52 characters of lowercase letters, digits and single hyphens, starting with a letter."
  }
}

variable "vpc_id" {
  description = "VPC the database's security group belongs to."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets (two or more zones) the database may be placed in."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "subnet_ids must list at least two subnets in different availability zones (RDS requires it)."
  }
}

variable "allowed_security_group_ids" {
  description = "Security groups (the services') allowed to reach PostgreSQL on 5432. Nothing else is."
  type        = list(string)
  default     = []
}

variable "engine_version" {
  description = "PostgreSQL version: \"16\" follows AWS's default 16.x minor release, or pin one such as \"16.4\"."
  type        = string
  default     = "16"

  validation {
    condition     = can(regex("^16(\\.[0-9]+)?$", var.engine_version))
    error_message = "engine_version must be PostgreSQL 16: \"16\" or \"16.<minor>\"."
  }
}

variable "instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.t4g.micro"

  validation {
    condition     = startswith(var.instance_class, "db.")
    error_message = "instance_class must be an RDS instance class such as \"db.t4g.micro\"."
  }
}

variable "allocated_storage" {
  description = "Initial storage in GiB."
  type        = number
  default     = 20

  validation {
    condition     = var.allocated_storage >= 20 && var.allocated_storage <= 65536
    error_message = "allocated_storage must be from 20 to 65536 GiB."
  }
}

variable "max_allocated_storage" {
  description = "Upper bound in GiB for storage autoscaling; 0 turns autoscaling off."
  type        = number
  default     = 100

  validation {
    condition     = var.max_allocated_storage == 0 || (var.max_allocated_storage >= 20 && var.max_allocated_storage <= 65536)
    error_message = "max_allocated_storage must be 0 (no autoscaling) or from 20 to 65536 GiB."
  }
}

variable "database_name" {
  description = "Name of the database created in the instance."
  type        = string
  default     = "app"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.database_name))
    error_message = "database_name must start with a lowercase letter and hold only lowercase letters, digits and underscores (63 at most)."
  }
}

variable "master_username" {
  description = "Master user. Its password is generated and kept in Secrets Manager by RDS."
  type        = string
  default     = "app"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.master_username)) && !contains(["rdsadmin", "admin", "postgres"], var.master_username)
    error_message = "master_username must start with a lowercase letter, hold only lowercase letters, digits and underscores, and not be rdsadmin, admin or postgres."
  }
}

variable "multi_az" {
  description = "Keep a synchronous standby in a second availability zone."
  type        = bool
  default     = false
}

variable "backup_retention_period" {
  description = "Days of automated backups (point-in-time recovery window)."
  type        = number
  default     = 7

  validation {
    condition     = var.backup_retention_period >= 1 && var.backup_retention_period <= 35 && floor(var.backup_retention_period) == var.backup_retention_period
    error_message = "backup_retention_period must be a whole number of days from 1 to 35."
  }
}

variable "deletion_protection" {
  description = "Refuse to delete the instance until this is turned off."
  type        = bool
  default     = true
}

variable "skip_final_snapshot" {
  description = "Delete without a final snapshot. Leave false for anything holding data."
  type        = bool
  default     = false
}

variable "kms_key_id" {
  description = "KMS key ARN for storage, Performance Insights and the master secret; null uses the AWS-managed keys."
  type        = string
  default     = null
}

variable "log_min_duration_ms" {
  description = "Log every statement slower than this many milliseconds; -1 turns slow-statement logging off."
  type        = number
  default     = 500

  validation {
    condition     = var.log_min_duration_ms >= -1
    error_message = "log_min_duration_ms must be -1 (off) or a number of milliseconds."
  }
}

variable "performance_insights_enabled" {
  description = "Collect Performance Insights (query load by wait event and statement), kept seven days free of charge."
  type        = bool
  default     = true
}

variable "apply_immediately" {
  description = "Apply changes now instead of in the next maintenance window (may restart the instance)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
