terraform {
  # use_lockfile (S3-native state locking) needs Terraform 1.10 or OpenTofu 1.10.
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.80, < 7.0"
    }
  }

  # State lives in an S3 bucket you create once (docs/deploy.md); its name and key are given at init:
  #   terraform init -backend-config="bucket=<state-bucket>" -backend-config="key=<app>/production.tfstate" \
  #     -backend-config="region=<region>"
  # A lock file beside the state keeps two applies from running at once.
  backend "s3" {
    encrypt      = true
    use_lockfile = true
  }
}
