variable "name" {
  description = "Prefix of the bucket name and comment of the distribution, e.g. \"library-prod-static\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,35}[a-z0-9]$", var.name))
    error_message = "name must be 3-37 characters of lowercase letters, digits and hyphens (it prefixes an S3 bucket name)."
  }
}

variable "aliases" {
  description = "Domain names the distribution answers to, e.g. [\"static.library.example.com\"]; needs certificate_arn."
  type        = list(string)
  default     = []
}

variable "certificate_arn" {
  description = "ACM certificate in us-east-1 covering aliases; null serves the *.cloudfront.net name only."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:us-east-1:[0-9]{12}:certificate/", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN in us-east-1 (CloudFront only reads certificates there)."
  }
}

variable "price_class" {
  description = "Edge locations to serve from: PriceClass_100, PriceClass_200 or PriceClass_All."
  type        = string
  default     = "PriceClass_100"

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.price_class)
    error_message = "price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}

variable "logging_bucket_domain_name" {
  description = "Bucket (its bucket_domain_name, ACLs enabled) for the distribution's standard logs; null: no logs."
  type        = string
  default     = null
}

variable "noncurrent_version_expiration_days" {
  description = "Days a replaced or deleted object version is kept (for rollback) before it is expired."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1
    error_message = "noncurrent_version_expiration_days must be at least 1."
  }
}

variable "app_origin" {
  description = <<-EOT
    Make the distribution an app's front door: domain_name is the app's origin (a name of its load balancer that
    its certificate covers for the viewers' Host, which is passed on), reached over HTTPS; custom_headers are
    added to every request to it (a secret header the load balancer requires, so only this distribution reaches
    the app); cached_path_patterns are the content-hashed assets cached at the edge. Null serves the bucket.
  EOT
  type = object({
    domain_name          = string
    custom_headers       = optional(map(string), {})
    cached_path_patterns = optional(list(string), ["/_astro/*"])
  })
  default = null

  validation {
    condition     = var.app_origin == null || try(can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.app_origin.domain_name)) && alltrue([for p in var.app_origin.cached_path_patterns : startswith(p, "/")]), false)
    error_message = "app_origin.domain_name must be a DNS name, and each cached path pattern must start with \"/\"."
  }
}

variable "web_acl_id" {
  description = "ARN of a WAF web ACL (us-east-1, CLOUDFRONT scope) to filter the requests; null: none."
  type        = string
  default     = null
}

variable "force_destroy" {
  description = "Let Terraform delete the bucket while it holds objects."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
