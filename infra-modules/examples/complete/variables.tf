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

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default = {
    Project     = "library"
    Environment = "example"
  }
}
