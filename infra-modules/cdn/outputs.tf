output "bucket_name" {
  description = "Bucket the deploy uploads files to."
  value       = aws_s3_bucket.this.id
}

output "bucket_arn" {
  description = "ARN of the bucket (for upload permissions)."
  value       = aws_s3_bucket.this.arn
}

output "distribution_id" {
  description = "ID of the distribution (for invalidations)."
  value       = aws_cloudfront_distribution.this.id
}

output "distribution_arn" {
  description = "ARN of the distribution."
  value       = aws_cloudfront_distribution.this.arn
}

output "domain_name" {
  description = "The distribution's *.cloudfront.net name (point aliases at it)."
  value       = aws_cloudfront_distribution.this.domain_name
}

output "hosted_zone_id" {
  description = "Route 53 zone of the distribution's name, for alias records."
  value       = aws_cloudfront_distribution.this.hosted_zone_id
}
