mock_provider "aws" {
  mock_data "aws_secretsmanager_random_password" {
    defaults = {
      random_password = "generated0123456789generated0123"
    }
  }

  mock_resource "aws_mq_broker" {
    defaults = {
      instances = [{ console_url = "https://b-1234.mq.eu-west-1.amazonaws.com", ip_address = "10.0.1.10", endpoints = ["amqps://b-1234.mq.eu-west-1.amazonaws.com:5671"] }]
    }
  }
}

variables {
  name                       = "library-test"
  vpc_id                     = "vpc-0123456789abcdef0"
  subnet_ids                 = ["subnet-aaaa", "subnet-bbbb"]
  allowed_security_group_ids = ["sg-worker"]
  tags                       = { Environment = "test" }
}

run "private_tls_only_rabbitmq_with_logs" {
  command = plan

  assert {
    condition     = aws_mq_broker.this.engine_type == "RabbitMQ" && aws_mq_broker.this.publicly_accessible == false && aws_mq_broker.this.auto_minor_version_upgrade == true
    error_message = "A private RabbitMQ broker with automatic minor upgrades."
  }

  assert {
    condition     = aws_mq_broker.this.logs[0].general == true && aws_mq_broker.this.encryption_options[0].use_aws_owned_key == true
    error_message = "General logs on; encrypted at rest with the AWS-owned key by default."
  }

  assert {
    condition     = aws_mq_broker.this.deployment_mode == "SINGLE_INSTANCE" && aws_mq_broker.this.subnet_ids == toset(["subnet-aaaa"])
    error_message = "By default a single instance in the first subnet."
  }

  assert {
    condition     = aws_mq_broker.this.tags["Environment"] == "test"
    error_message = "tags must be applied."
  }
}

run "generated_password_is_kept_in_secrets_manager" {
  assert {
    condition     = nonsensitive(jsondecode(aws_secretsmanager_secret_version.credentials.secret_string)) == { username = "app", password = "generated0123456789generated0123" }
    error_message = "The secret holds the user name and the generated password, as JSON."
  }

  assert {
    condition     = nonsensitive(one(aws_mq_broker.this.user).password) == "generated0123456789generated0123"
    error_message = "The broker's user must get the generated password."
  }

  assert {
    condition     = output.host == "b-1234.mq.eu-west-1.amazonaws.com" && output.port == 5671
    error_message = "host is the AMQPS endpoint's host name; port 5671."
  }
}

run "only_allowed_groups_reach_amqps" {
  command = plan

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.amqps) == 1 && aws_vpc_security_group_ingress_rule.amqps[0].referenced_security_group_id == "sg-worker" && aws_vpc_security_group_ingress_rule.amqps[0].from_port == 5671
    error_message = "Ingress must be 5671 from the allowed security group only."
  }
}

run "a_cluster_spans_every_subnet" {
  command = plan

  variables {
    deployment_mode = "CLUSTER_MULTI_AZ"
    instance_type   = "mq.m5.large"
  }

  assert {
    condition     = aws_mq_broker.this.subnet_ids == toset(["subnet-aaaa", "subnet-bbbb"])
    error_message = "A cluster must be placed over every given subnet."
  }
}

run "a_cluster_needs_an_m5" {
  command = plan

  variables {
    deployment_mode = "CLUSTER_MULTI_AZ"
  }

  expect_failures = [aws_mq_broker.this]
}

run "refuses_a_password_with_a_colon" {
  command = plan

  variables {
    password = "has:a:colon-0123456789"
  }

  expect_failures = [var.password]
}

run "refuses_the_guest_user" {
  command = plan

  variables {
    username = "guest"
  }

  expect_failures = [var.username]
}
