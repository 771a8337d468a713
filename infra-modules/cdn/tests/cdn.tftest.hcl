mock_provider "aws" {
  mock_resource "aws_s3_bucket" {
    defaults = {
      arn = "arn:aws:s3:::library-test-static-0001"
    }
  }

  mock_resource "aws_cloudfront_distribution" {
    defaults = {
      arn = "arn:aws:cloudfront::123456789012:distribution/E0123456789ABC"
    }
  }
}

variables {
  name = "library-test-static"
  tags = { Environment = "test" }
}

run "private_encrypted_versioned_bucket" {
  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.this.block_public_acls,
      aws_s3_bucket_public_access_block.this.block_public_policy,
      aws_s3_bucket_public_access_block.this.ignore_public_acls,
      aws_s3_bucket_public_access_block.this.restrict_public_buckets,
    ])
    error_message = "The bucket must block every kind of public access."
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256"
    error_message = "The bucket must be encrypted."
  }

  assert {
    condition     = aws_s3_bucket_versioning.this.versioning_configuration[0].status == "Enabled"
    error_message = "The bucket must be versioned."
  }
}

run "only_this_distribution_reads_the_bucket" {
  assert {
    condition     = [for s in jsondecode(aws_s3_bucket_policy.this.policy).Statement : s.Condition.StringEquals["AWS:SourceArn"] if s.Effect == "Allow"] == ["arn:aws:cloudfront::123456789012:distribution/E0123456789ABC"]
    error_message = "The bucket policy must allow exactly this distribution."
  }

  assert {
    condition     = [for s in jsondecode(aws_s3_bucket_policy.this.policy).Statement : s.Principal if s.Effect == "Allow"] == [{ Service = "cloudfront.amazonaws.com" }] && [for s in jsondecode(aws_s3_bucket_policy.this.policy).Statement : s.Action if s.Effect == "Allow"] == ["s3:GetObject"]
    error_message = "Only CloudFront may read, and only GetObject."
  }

  assert {
    condition     = aws_cloudfront_origin_access_control.this.signing_behavior == "always" && aws_cloudfront_origin_access_control.this.signing_protocol == "sigv4"
    error_message = "The origin access control must sign every request with SigV4."
  }

  assert {
    condition     = one(aws_cloudfront_distribution.this.default_cache_behavior).viewer_protocol_policy == "redirect-to-https"
    error_message = "Viewers must be redirected to HTTPS."
  }
}

run "aliases_with_a_certificate_use_tls12" {
  command = plan

  variables {
    aliases         = ["static.library.example.com"]
    certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
  }

  assert {
    condition     = aws_cloudfront_distribution.this.viewer_certificate[0].minimum_protocol_version == "TLSv1.2_2021" && aws_cloudfront_distribution.this.viewer_certificate[0].ssl_support_method == "sni-only"
    error_message = "A custom certificate must be served with SNI and TLS 1.2 or later."
  }
}

run "refuses_aliases_without_a_certificate" {
  command = plan

  variables {
    aliases = ["static.library.example.com"]
  }

  expect_failures = [aws_cloudfront_distribution.this]
}

run "refuses_a_certificate_outside_us_east_1" {
  command = plan

  variables {
    certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
  }

  expect_failures = [var.certificate_arn]
}
