variable "name" {
  description = "Name of the load balancer and prefix of its companions, e.g. \"library-prod\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,26}[a-z0-9]$", var.name))
    error_message = "name must be 3-28 characters of lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "vpc_id" {
  description = "VPC of the load balancer."
  type        = string
}

variable "subnet_ids" {
  description = "Public subnets, in two or more availability zones."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "subnet_ids must list public subnets in at least two availability zones (an ALB requires it)."
  }
}

variable "certificate_arn" {
  description = "ACM certificate of the HTTPS listener. Null creates one for domain_name, validated by DNS in zone_id."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)."
  }
}

variable "domain_name" {
  description = "Domain the created certificate covers, e.g. \"library.example.com\" (when certificate_arn is null)."
  type        = string
  default     = null

  validation {
    condition     = var.domain_name == null || can(regex("^(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", coalesce(var.domain_name, "x")))
    error_message = "domain_name must be a lowercase DNS name such as \"library.example.com\"."
  }
}

variable "zone_id" {
  description = "Route 53 hosted zone where the certificate's DNS validation records are written (when certificate_arn is null)."
  type        = string
  default     = null
}

variable "ssl_policy" {
  description = "TLS policy of the HTTPS listener."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"

  validation {
    condition     = startswith(var.ssl_policy, "ELBSecurityPolicy-TLS13-") || startswith(var.ssl_policy, "ELBSecurityPolicy-FS-1-2-")
    error_message = "ssl_policy must be a TLS 1.2+ policy (ELBSecurityPolicy-TLS13-* or ELBSecurityPolicy-FS-1-2-*)."
  }
}

variable "deletion_protection" {
  description = "Refuse to delete the load balancer until this is turned off."
  type        = bool
  default     = true
}

variable "idle_timeout" {
  description = "Seconds a connection may stay idle."
  type        = number
  default     = 60

  validation {
    condition     = var.idle_timeout >= 1 && var.idle_timeout <= 4000
    error_message = "idle_timeout must be from 1 to 4000 seconds."
  }
}

variable "access_logs_retention_days" {
  description = "Days the access logs are kept in their bucket."
  type        = number
  default     = 90

  validation {
    condition     = var.access_logs_retention_days >= 1
    error_message = "access_logs_retention_days must be at least 1."
  }
}

variable "force_destroy_logs" {
  description = "Let Terraform delete the access log bucket while it holds logs."
  type        = bool
  default     = false
}

variable "ingress_prefix_list_ids" {
  description = "Managed prefix lists allowed to reach HTTPS (e.g. CloudFront's origin-facing one, when the load balancer is its origin); empty: HTTPS and HTTP from anywhere."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
