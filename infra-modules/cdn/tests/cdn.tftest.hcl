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

run "files_by_default" {
  command = plan

  assert {
    condition     = aws_cloudfront_distribution.this.default_cache_behavior[0].target_origin_id == "s3-library-test-static" && length(aws_cloudfront_distribution.this.ordered_cache_behavior) == 0 && length(aws_cloudfront_distribution.this.origin) == 1
    error_message = "Without app_origin the distribution serves the bucket only."
  }
}

run "app_front_door_passes_everything_but_the_hashed_assets" {
  command = plan

  variables {
    app_origin = {
      domain_name    = "origin.library.example.com"
      custom_headers = { X-Origin-Verify = "from-the-cdn" }
    }
  }

  assert {
    condition     = aws_cloudfront_distribution.this.default_cache_behavior[0].target_origin_id == "app-library-test-static" && aws_cloudfront_distribution.this.default_cache_behavior[0].cache_policy_id == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" && aws_cloudfront_distribution.this.default_cache_behavior[0].origin_request_policy_id == "216adef6-5c7f-47e4-b989-5492eafa07d3"
    error_message = "Everything else goes uncached to the app, with every header, cookie and query string (CachingDisabled, AllViewer)."
  }

  assert {
    condition     = contains(aws_cloudfront_distribution.this.default_cache_behavior[0].allowed_methods, "POST") && contains(aws_cloudfront_distribution.this.default_cache_behavior[0].allowed_methods, "DELETE")
    error_message = "The app's forms and API need every method."
  }

  assert {
    condition     = length(aws_cloudfront_distribution.this.ordered_cache_behavior) == 1 && aws_cloudfront_distribution.this.ordered_cache_behavior[0].path_pattern == "/_astro/*" && aws_cloudfront_distribution.this.ordered_cache_behavior[0].cache_policy_id == "658327ea-f89d-4fab-a63d-7e88639e58f6" && aws_cloudfront_distribution.this.ordered_cache_behavior[0].origin_request_policy_id == null
    error_message = "The hashed assets are cached (CachingOptimized) without cookies going to the origin."
  }

  assert {
    condition     = one([for o in aws_cloudfront_distribution.this.origin : o.custom_origin_config[0].origin_protocol_policy if o.origin_id == "app-library-test-static"]) == "https-only" && one([for o in aws_cloudfront_distribution.this.origin : one(o.custom_header).value if o.origin_id == "app-library-test-static"]) == "from-the-cdn"
    error_message = "The app is reached over HTTPS only, with the secret header."
  }
}

run "refuses_an_app_origin_that_is_not_a_dns_name" {
  command = plan

  variables {
    app_origin = { domain_name = "https://origin.library.example.com/" }
  }

  expect_failures = [var.app_origin]
}
