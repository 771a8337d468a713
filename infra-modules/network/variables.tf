variable "name" {
  description = "Name prefix of every resource, e.g. \"library-prod\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 characters of lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "cidr" {
  description = "IPv4 range of the VPC. Each subnet takes a sixteenth of it."
  type        = string
  default     = "10.0.0.0/16"

  validation {
    condition     = can(cidrnetmask(var.cidr)) && tonumber(try(split("/", var.cidr)[1], 0)) >= 16 && tonumber(try(split("/", var.cidr)[1], 0)) <= 24
    error_message = "cidr must be an IPv4 CIDR block from /16 to /24, e.g. \"10.0.0.0/16\"."
  }
}

variable "azs" {
  description = "Availability zones to spread the subnets over: two or three, e.g. [\"eu-west-1a\", \"eu-west-1b\"]."
  type        = list(string)

  validation {
    condition     = length(var.azs) >= 2 && length(var.azs) <= 3 && length(distinct(var.azs)) == length(var.azs)
    error_message = "azs must name two or three distinct availability zones."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway shared by every private subnet (cheaper; private subnets lose egress when its zone fails). False puts one in each zone."
  type        = bool
  default     = false
}

variable "enable_flow_logs" {
  description = "Record the VPC's accepted and rejected traffic in a CloudWatch log group."
  type        = bool
  default     = true
}

variable "flow_logs_retention_days" {
  description = "Days CloudWatch keeps the flow logs."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.flow_logs_retention_days)
    error_message = "flow_logs_retention_days must be one of the periods CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "flow_logs_kms_key_arn" {
  description = "KMS key that encrypts the flow log group; null uses CloudWatch's own encryption."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
