variable "name" {
  description = "Name prefix of every resource."
  type        = string
  default     = "library-cache"
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

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default = {
    Project     = "library"
    Environment = "example"
  }
}
