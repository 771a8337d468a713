mock_provider "aws" {}

variables {
  name = "library/web"
  tags = { Environment = "test" }
}

run "scanned_immutable_and_encrypted" {
  command = plan

  assert {
    condition     = aws_ecr_repository.this.image_scanning_configuration[0].scan_on_push == true
    error_message = "Every push must be scanned."
  }

  assert {
    condition     = aws_ecr_repository.this.image_tag_mutability == "IMMUTABLE"
    error_message = "Tags must be immutable."
  }

  assert {
    condition     = aws_ecr_repository.this.encryption_configuration[0].encryption_type == "KMS"
    error_message = "Images must be encrypted with KMS."
  }

  assert {
    condition     = aws_ecr_repository.this.force_delete == false && aws_ecr_repository.this.tags["Environment"] == "test"
    error_message = "No force delete by default; tags applied."
  }
}

run "lifecycle_keeps_n_images_and_expires_untagged" {
  command = plan

  variables {
    keep_images          = 12
    untagged_expiry_days = 3
  }

  assert {
    condition     = jsondecode(aws_ecr_lifecycle_policy.this.policy).rules[0].selection == { tagStatus = "untagged", countType = "sinceImagePushed", countUnit = "days", countNumber = 3 }
    error_message = "The first rule must expire untagged images after untagged_expiry_days."
  }

  assert {
    condition     = jsondecode(aws_ecr_lifecycle_policy.this.policy).rules[1].selection == { tagStatus = "any", countType = "imageCountMoreThan", countNumber = 12 }
    error_message = "The second rule must keep the last keep_images images."
  }
}

run "refuses_an_uppercase_name" {
  command = plan

  variables {
    name = "Library/Web"
  }

  expect_failures = [var.name]
}

run "refuses_keeping_no_image" {
  command = plan

  variables {
    keep_images = 0
  }

  expect_failures = [var.keep_images]
}
