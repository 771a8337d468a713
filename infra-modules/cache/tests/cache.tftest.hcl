mock_provider "aws" {
  mock_data "aws_secretsmanager_random_password" {
    defaults = {
      random_password = "generated0123456789generated0123456789"
    }
  }
}

variables {
  name                       = "library-test"
  vpc_id                     = "vpc-0123456789abcdef0"
  subnet_ids                 = ["subnet-aaaa", "subnet-bbbb"]
  allowed_security_group_ids = ["sg-web"]
  tags                       = { Environment = "test" }
}

run "encrypted_in_transit_and_at_rest_with_failover" {
  command = plan

  assert {
    condition     = aws_elasticache_replication_group.this.transit_encryption_enabled == true && tostring(aws_elasticache_replication_group.this.at_rest_encryption_enabled) == "true"
    error_message = "TLS in transit and encryption at rest must be on."
  }

  assert {
    condition     = aws_elasticache_replication_group.this.automatic_failover_enabled == true && aws_elasticache_replication_group.this.multi_az_enabled == true && aws_elasticache_replication_group.this.num_cache_clusters == 2
    error_message = "Default: two nodes with automatic failover across zones."
  }

  assert {
    condition     = aws_elasticache_replication_group.this.parameter_group_name == "default.redis7" && aws_elasticache_replication_group.this.engine_version == "7.1"
    error_message = "Default engine: Redis 7.1."
  }

  assert {
    condition     = aws_elasticache_replication_group.this.tags["Environment"] == "test"
    error_message = "tags must be applied."
  }
}

run "generated_token_is_kept_in_secrets_manager" {
  assert {
    condition     = length(aws_secretsmanager_secret_version.generated) == 1 && length(aws_secretsmanager_secret_version.given) == 0
    error_message = "Without auth_token, the module generates one into Secrets Manager."
  }

  assert {
    condition     = nonsensitive(aws_elasticache_replication_group.this.auth_token == "generated0123456789generated0123456789")
    error_message = "The group must use the generated token."
  }
}

run "given_token_is_used" {
  variables {
    auth_token = "given-token-0123456789"
  }

  assert {
    condition     = length(aws_secretsmanager_secret_version.given) == 1 && nonsensitive(aws_elasticache_replication_group.this.auth_token == "given-token-0123456789")
    error_message = "A given auth_token must be used and stored."
  }
}

run "only_allowed_groups_reach_the_port" {
  command = plan

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.cache) == 1 && aws_vpc_security_group_ingress_rule.cache[0].referenced_security_group_id == "sg-web" && aws_vpc_security_group_ingress_rule.cache[0].from_port == 6379
    error_message = "Ingress must be 6379 from the allowed security group only."
  }
}

run "valkey_picks_its_own_defaults" {
  command = plan

  variables {
    engine = "valkey"
  }

  assert {
    condition     = aws_elasticache_replication_group.this.parameter_group_name == "default.valkey8"
    error_message = "Valkey 8 must use default.valkey8."
  }
}

run "failover_needs_two_nodes" {
  command = plan

  variables {
    num_cache_clusters = 1
  }

  expect_failures = [aws_elasticache_replication_group.this]
}

run "one_node_without_failover_is_fine" {
  command = plan

  variables {
    num_cache_clusters = 1
    automatic_failover = false
  }

  assert {
    condition     = aws_elasticache_replication_group.this.num_cache_clusters == 1
    error_message = "One node without failover is allowed."
  }
}

run "refuses_a_short_token" {
  command = plan

  variables {
    auth_token = "short"
  }

  expect_failures = [var.auth_token]
}
