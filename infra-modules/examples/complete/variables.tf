variable "name" {
  description = "Name prefix of every resource."
  type        = string
  default     = "library-example"
}

variable "region" {
  description = "AWS region to build in."
  type        = string
  default     = "us-east-1"
}

variable "azs" {
  description = "Two or three availability zones of the region."
  type        = list(string)
  default     = ["us-east-1a", "us-east-1b"]
}

variable "domain_name" {
  description = "Domain the application is served at; the example creates its hosted zone and certificate."
  type        = string
  default     = "library.example.com"
}

variable "image_tag" {
  description = "Tag of the web image in the registry (CI pushes one per commit)."
  type        = string
  default     = "v1"
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default = {
    Project     = "library"
    Environment = "example"
  }
}

variable "deletion_protection" {
  description = "Protect the database from deletion. The apply test turns it off to destroy what it built."
  type        = bool
  default     = true
}

variable "autoscaling" {
  description = "Scale the web service on CPU and requests. The apply test turns it off: its AWS stand-in cannot list a scalable target's tags."
  type        = bool
  default     = true
}

variable "github_repository" {
  description = "Repository whose deploy job may assume the deploy role, as \"owner/name\"."
  type        = string
  default     = "acme/library"
}

variable "github_environment" {
  description = "GitHub environment of that deploy job."
  type        = string
  default     = "production"
}
