variable "name" {
  description = "Name of the ECR repository, e.g. \"library/web\"."
  type        = string

  validation {
    condition     = length(var.name) >= 2 && length(var.name) <= 256 && can(regex("^[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*$", var.name))
    error_message = "name must be 2-256 characters: lowercase letters and digits, separated by single '.', '_', '-' or '/'."
  }
}

variable "keep_images" {
  description = "How many images to keep; older ones are expired."
  type        = number
  default     = 30

  validation {
    condition     = var.keep_images >= 1 && floor(var.keep_images) == var.keep_images
    error_message = "keep_images must be a whole number of at least 1."
  }
}

variable "untagged_expiry_days" {
  description = "Days after which an untagged image (a superseded build) is expired."
  type        = number
  default     = 7

  validation {
    condition     = var.untagged_expiry_days >= 1 && floor(var.untagged_expiry_days) == var.untagged_expiry_days
    error_message = "untagged_expiry_days must be a whole number of at least 1."
  }
}

variable "kms_key_arn" {
  description = "KMS key that encrypts the images; null uses the AWS-managed ECR key."
  type        = string
  default     = null
}

variable "force_delete" {
  description = "Let Terraform delete the repository while it still holds images."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
