mock_provider "aws" {
  mock_data "aws_vpc" {
    defaults = {
      cidr_block = "10.0.0.0/16"
    }
  }

  mock_data "aws_elb_service_account" {
    defaults = {
      arn = "arn:aws:iam::156460612806:root"
    }
  }

  mock_resource "aws_s3_bucket" {
    defaults = {
      arn = "arn:aws:s3:::library-test-alb-logs-0001"
    }
  }

  mock_resource "aws_lb" {
    defaults = {
      arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/library-test/0123456789abcdef"
    }
  }

  mock_resource "aws_acm_certificate" {
    defaults = {
      arn = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
    }
  }
}

variables {
  name            = "library-test"
  vpc_id          = "vpc-0123456789abcdef0"
  subnet_ids      = ["subnet-aaaa", "subnet-bbbb"]
  certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-1111-1111-1111-111111111111"
  tags            = { Environment = "test" }
}

run "https_with_the_given_certificate_and_http_redirect" {
  assert {
    condition     = aws_lb_listener.https.protocol == "HTTPS" && aws_lb_listener.https.port == 443 && aws_lb_listener.https.certificate_arn == var.certificate_arn
    error_message = "The HTTPS listener must serve the given certificate on 443."
  }

  assert {
    condition     = startswith(aws_lb_listener.https.ssl_policy, "ELBSecurityPolicy-TLS13-")
    error_message = "The HTTPS listener must use a TLS 1.3/1.2 policy."
  }

  assert {
    condition     = aws_lb_listener.http.default_action[0].type == "redirect" && aws_lb_listener.http.default_action[0].redirect[0].protocol == "HTTPS" && aws_lb_listener.http.default_action[0].redirect[0].status_code == "HTTP_301"
    error_message = "HTTP must redirect permanently to HTTPS."
  }

  assert {
    condition     = length(aws_acm_certificate.this) == 0 && length(aws_route53_record.validation) == 0
    error_message = "No certificate is created when one is given."
  }

  assert {
    condition     = aws_lb.this.internal == false && aws_lb.this.drop_invalid_header_fields == true && aws_lb.this.enable_deletion_protection == true
    error_message = "Internet-facing, invalid headers dropped, deletion protection on by default."
  }
}

run "access_logs_go_to_a_private_encrypted_bucket" {
  assert {
    condition     = aws_lb.this.access_logs[0].enabled == true && aws_lb.this.access_logs[0].bucket == aws_s3_bucket.logs.id
    error_message = "Access logs must be delivered to the module's bucket."
  }

  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.logs.block_public_acls,
      aws_s3_bucket_public_access_block.logs.block_public_policy,
      aws_s3_bucket_public_access_block.logs.ignore_public_acls,
      aws_s3_bucket_public_access_block.logs.restrict_public_buckets,
    ])
    error_message = "The log bucket must block every kind of public access."
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.logs.rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256"
    error_message = "The log bucket must be encrypted."
  }

  assert {
    condition     = contains([for s in jsondecode(aws_s3_bucket_policy.logs.policy).Statement : s.Sid if s.Effect == "Deny"], "DenyPlainHttp")
    error_message = "The log bucket must refuse plain HTTP."
  }
}

run "security_group_opens_only_80_and_443" {
  command = plan

  assert {
    condition     = toset([for r in aws_vpc_security_group_ingress_rule.https : r.from_port]) == toset([443]) && toset([for r in aws_vpc_security_group_ingress_rule.http : r.from_port]) == toset([80])
    error_message = "Ingress must be 443 and 80 only."
  }

  assert {
    condition     = aws_vpc_security_group_egress_rule.to_vpc.cidr_ipv4 == "10.0.0.0/16"
    error_message = "Egress must stay inside the VPC."
  }
}

run "creates_and_validates_a_certificate_for_a_domain" {
  command = plan

  variables {
    certificate_arn = null
    domain_name     = "library.example.com"
    zone_id         = "Z0123456789ABCDEFGHIJ"
  }

  assert {
    condition     = aws_acm_certificate.this[0].domain_name == "library.example.com" && aws_acm_certificate.this[0].validation_method == "DNS"
    error_message = "A DNS-validated certificate must be requested for domain_name."
  }

  assert {
    condition     = length(aws_route53_record.validation) == 1 && aws_route53_record.validation["library.example.com"].zone_id == "Z0123456789ABCDEFGHIJ"
    error_message = "The validation record must be written in zone_id."
  }
}

run "refuses_no_certificate_and_no_domain" {
  command = plan

  variables {
    certificate_arn = null
  }

  expect_failures = [aws_acm_certificate.this]
}

run "refuses_a_single_subnet" {
  command = plan

  variables {
    subnet_ids = ["subnet-aaaa"]
  }

  expect_failures = [var.subnet_ids]
}

run "behind_cloudfront_only_its_prefix_list_reaches_https" {
  command = plan

  variables {
    ingress_prefix_list_ids = ["pl-3b927c52"]
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.https) == 0 && length(aws_vpc_security_group_ingress_rule.http) == 0
    error_message = "With prefix lists, nothing is open to the whole internet."
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.https_from_prefix_lists) == 1 && aws_vpc_security_group_ingress_rule.https_from_prefix_lists[0].prefix_list_id == "pl-3b927c52" && aws_vpc_security_group_ingress_rule.https_from_prefix_lists[0].from_port == 443
    error_message = "HTTPS must be open to the given prefix list only."
  }
}
