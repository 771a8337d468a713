# Static and media files: a private S3 bucket that only this CloudFront distribution can read (origin access
# control, SigV4), served over HTTPS with AWS's managed caching and security-headers policies. With app_origin,
# the distribution is the app's front door instead: every request goes uncached to the app (a load balancer), with
# its cookies, headers and query string, except the hashed assets, cached as the app's Cache-Control allows.

locals {
  # AWS-managed policies: CachingOptimized and SecurityHeadersPolicy.
  caching_optimized_policy_id = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  security_headers_policy_id  = "67f7725c-6f97-4210-82d7-5512b31e9d03"
  origin_id                   = "s3-${var.name}"
  # AWS-managed policies of the app origin: CachingDisabled, and AllViewer (every header, the Host included,
  # every cookie and the query string go to the origin).
  caching_disabled_policy_id = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  all_viewer_policy_id       = "216adef6-5c7f-47e4-b989-5492eafa07d3"
  app_origin_id              = "app-${var.name}"
  app                        = var.app_origin != null
}

resource "aws_s3_bucket" "this" {
  #checkov:skip=CKV_AWS_18:Reads are logged by CloudFront (logging_bucket_domain_name); the bucket is written by deploys only.
  #checkov:skip=CKV_AWS_144:Files are rebuilt from the application's source; no cross-region replica.
  #checkov:skip=CKV2_AWS_62:Nothing consumes events of new files.
  #checkov:skip=CKV_AWS_145:SSE-S3 lets CloudFront read through origin access control without a KMS key policy.
  bucket_prefix = "${var.name}-"
  force_destroy = var.force_destroy

  tags = var.tags
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket = aws_s3_bucket.this.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    id     = "expire-old-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_cloudfront_origin_access_control" "this" {
  name                              = var.name
  description                       = "CloudFront reads ${aws_s3_bucket.this.id} with SigV4"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_distribution" "this" {
  #checkov:skip=CKV_AWS_68:A WAF web ACL is an opt-in cost (web_acl_id).
  #checkov:skip=CKV2_AWS_47:A WAF web ACL is an opt-in cost (web_acl_id).
  #checkov:skip=CKV_AWS_374:No country is blocked by default.
  #checkov:skip=CKV_AWS_310:One origin: S3 is its own failover.
  #checkov:skip=CKV_AWS_86:Standard logs are on when logging_bucket_domain_name is given.
  #checkov:skip=CKV_AWS_305:Files, or an app that answers its own root: there is no index document to name.
  #checkov:skip=CKV2_AWS_32:The AWS-managed SecurityHeadersPolicy is attached to the files; an app origin sets its own headers.
  #checkov:skip=CKV2_AWS_42:A custom certificate is used when certificate_arn is given.
  enabled         = true
  comment         = var.name
  is_ipv6_enabled = true
  http_version    = "http2and3"
  price_class     = var.price_class
  aliases         = var.aliases
  web_acl_id      = var.web_acl_id

  origin {
    origin_id                = local.origin_id
    domain_name              = aws_s3_bucket.this.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.this.id
  }

  dynamic "origin" {
    for_each = local.app ? [var.app_origin] : []
    content {
      origin_id   = local.app_origin_id
      domain_name = origin.value.domain_name

      custom_origin_config {
        http_port              = 80
        https_port             = 443
        origin_protocol_policy = "https-only"
        origin_ssl_protocols   = ["TLSv1.2"]
        origin_read_timeout    = 60
      }

      dynamic "custom_header" {
        for_each = origin.value.custom_headers
        content {
          name  = custom_header.key
          value = custom_header.value
        }
      }
    }
  }

  # The files, or with app_origin the app itself: uncached, every method, the viewer's request passed on whole.
  # The app sets its own security headers.
  default_cache_behavior {
    target_origin_id           = local.app ? local.app_origin_id : local.origin_id
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = local.app ? ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"] : ["GET", "HEAD", "OPTIONS"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = local.app ? local.caching_disabled_policy_id : local.caching_optimized_policy_id
    origin_request_policy_id   = local.app ? local.all_viewer_policy_id : null
    response_headers_policy_id = local.app ? null : local.security_headers_policy_id
  }

  # The app's content-hashed assets: cached at the edge as long as the app's Cache-Control says (a year for
  # immutable files; CachingOptimized keeps them a day when the app says nothing), no cookie in the cache key.
  dynamic "ordered_cache_behavior" {
    for_each = local.app ? var.app_origin.cached_path_patterns : []
    content {
      path_pattern           = ordered_cache_behavior.value
      target_origin_id       = local.app_origin_id
      viewer_protocol_policy = "redirect-to-https"
      allowed_methods        = ["GET", "HEAD"]
      cached_methods         = ["GET", "HEAD"]
      compress               = true
      cache_policy_id        = local.caching_optimized_policy_id
    }
  }

  dynamic "logging_config" {
    for_each = var.logging_bucket_domain_name == null ? [] : [var.logging_bucket_domain_name]
    content {
      bucket          = logging_config.value
      include_cookies = false
      prefix          = "${var.name}/"
    }
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = var.certificate_arn == null
    acm_certificate_arn            = var.certificate_arn
    ssl_support_method             = var.certificate_arn == null ? null : "sni-only"
    minimum_protocol_version       = var.certificate_arn == null ? "TLSv1" : "TLSv1.2_2021"
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = length(var.aliases) == 0 || var.certificate_arn != null
      error_message = "aliases need certificate_arn: CloudFront must present a certificate for those names."
    }
  }
}

# Only this distribution may read, and only over TLS.
resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "CloudFrontReads"
        Effect    = "Allow"
        Principal = { Service = "cloudfront.amazonaws.com" }
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.this.arn}/*"
        Condition = { StringEquals = { "AWS:SourceArn" = aws_cloudfront_distribution.this.arn } }
      },
      {
        Sid       = "DenyPlainHttp"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })

  depends_on = [aws_s3_bucket_public_access_block.this]
}
