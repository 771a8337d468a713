variable "name" {
  description = "Name of the broker and prefix of its companions, e.g. \"library-prod\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,48}[a-z0-9]$", var.name)) && !strcontains(var.name, "--")
    error_message = "name must be 2-50 characters of lowercase letters, digits and single hyphens, starting with a letter."
  }
}

variable "vpc_id" {
  description = "VPC the broker's security group belongs to."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets of the broker: the first one for a single instance, all of them (two or three zones) for a cluster."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 1
    error_message = "subnet_ids must list at least one private subnet."
  }
}

variable "allowed_security_group_ids" {
  description = "Security groups (the services') allowed to reach AMQPS. Nothing else is."
  type        = list(string)
  default     = []
}

variable "engine_version" {
  description = "RabbitMQ version Amazon MQ runs (minor upgrades are applied automatically)."
  type        = string
  default     = "3.13"

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+(\\.[0-9]+)?$", var.engine_version))
    error_message = "engine_version must look like \"3.13\"."
  }
}

variable "instance_type" {
  description = "Broker instance type: mq.t3.micro (single instance only) or an mq.m5 size."
  type        = string
  default     = "mq.t3.micro"

  validation {
    condition     = can(regex("^mq\\.[a-z0-9]+\\.[a-z0-9]+$", var.instance_type))
    error_message = "instance_type must be an Amazon MQ instance type such as \"mq.t3.micro\" or \"mq.m5.large\"."
  }
}

variable "deployment_mode" {
  description = "SINGLE_INSTANCE (one node; its storage survives a restart) or CLUSTER_MULTI_AZ (three nodes over the zones, behind one endpoint: about six times the cost)."
  type        = string
  default     = "SINGLE_INSTANCE"

  validation {
    condition     = contains(["SINGLE_INSTANCE", "CLUSTER_MULTI_AZ"], var.deployment_mode)
    error_message = "deployment_mode must be \"SINGLE_INSTANCE\" or \"CLUSTER_MULTI_AZ\"."
  }
}

variable "username" {
  description = "The application's RabbitMQ user."
  type        = string
  default     = "app"

  validation {
    condition     = can(regex("^[A-Za-z0-9_.~-]{2,100}$", var.username)) && !startswith(var.username, "guest")
    error_message = "username must be 2-100 letters, digits, '_', '.', '~' or '-', and not guest."
  }
}

variable "password" {
  description = "The user's password (12-250 characters, none of , : =). Null generates one. Either way it is kept in a Secrets Manager secret."
  type        = string
  default     = null
  sensitive   = true

  validation {
    condition     = var.password == null || (length(coalesce(var.password, "x")) >= 12 && length(coalesce(var.password, "x")) <= 250 && !can(regex("[,:=]", coalesce(var.password, "x"))))
    error_message = "password must be 12-250 characters without commas, colons or equals signs."
  }
}

variable "maintenance_day" {
  description = "Day of the weekly maintenance window (UTC)."
  type        = string
  default     = "SUNDAY"

  validation {
    condition     = contains(["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"], var.maintenance_day)
    error_message = "maintenance_day must be a day of the week in capitals, such as \"SUNDAY\"."
  }
}

variable "maintenance_time" {
  description = "Start of the weekly maintenance window, HH:MM in UTC."
  type        = string
  default     = "04:00"

  validation {
    condition     = can(regex("^([01][0-9]|2[0-3]):[0-5][0-9]$", var.maintenance_time))
    error_message = "maintenance_time must be HH:MM, such as \"04:00\"."
  }
}

variable "kms_key_arn" {
  description = "KMS key for the data at rest and the credentials' secret; null uses the AWS-owned and AWS-managed keys."
  type        = string
  default     = null
}

variable "apply_immediately" {
  description = "Apply changes now instead of in the next maintenance window (restarts the broker)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
