mock_provider "aws" {
  mock_resource "aws_db_instance" {
    defaults = {
      master_user_secret = [{ secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1", kms_key_id = "", secret_status = "active" }]
    }
  }
}

variables {
  name                       = "library-test"
  vpc_id                     = "vpc-0123456789abcdef0"
  subnet_ids                 = ["subnet-aaaa", "subnet-bbbb"]
  allowed_security_group_ids = ["sg-web", "sg-worker"]
  tags                       = { Environment = "test" }
}

run "secure_defaults" {
  command = plan

  assert {
    condition     = aws_db_instance.this.storage_encrypted == true
    error_message = "Storage must be encrypted."
  }

  assert {
    condition     = aws_db_instance.this.publicly_accessible == false
    error_message = "The database must not be publicly accessible."
  }

  assert {
    condition     = aws_db_instance.this.deletion_protection == true
    error_message = "Deletion protection must be on by default."
  }

  assert {
    condition     = aws_db_instance.this.manage_master_user_password == true
    error_message = "RDS must generate the master password into Secrets Manager."
  }

  assert {
    condition     = aws_db_instance.this.backup_retention_period == 7 && aws_db_instance.this.multi_az == false
    error_message = "Defaults: seven days of backups, single zone."
  }

  assert {
    condition     = aws_db_instance.this.engine == "postgres" && startswith(aws_db_instance.this.engine_version, "16") && aws_db_parameter_group.this.family == "postgres16"
    error_message = "Expected PostgreSQL 16 with a postgres16 parameter group."
  }

  assert {
    condition     = aws_db_instance.this.skip_final_snapshot == false && aws_db_instance.this.final_snapshot_identifier == "library-test-final"
    error_message = "A final snapshot must be taken on deletion by default."
  }

  assert {
    condition     = aws_db_instance.this.tags["Environment"] == "test" && aws_security_group.this.tags["Environment"] == "test"
    error_message = "tags must reach every resource."
  }
}

run "tls_forced_and_slow_statements_logged" {
  command = plan

  assert {
    condition     = one([for p in aws_db_parameter_group.this.parameter : p.value if p.name == "rds.force_ssl"]) == "1"
    error_message = "rds.force_ssl must be 1."
  }

  assert {
    condition     = one([for p in aws_db_parameter_group.this.parameter : p.value if p.name == "log_min_duration_statement"]) == "500"
    error_message = "Statements slower than 500 ms must be logged by default."
  }
}

run "only_the_allowed_groups_reach_5432" {
  command = plan

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.postgres) == 2
    error_message = "Expected one ingress rule per allowed security group."
  }

  assert {
    condition = alltrue([
      for i, r in aws_vpc_security_group_ingress_rule.postgres :
      r.from_port == 5432 && r.to_port == 5432 && r.ip_protocol == "tcp" && r.referenced_security_group_id == var.allowed_security_group_ids[i] && r.cidr_ipv4 == null
    ])
    error_message = "Ingress must be TCP 5432 from the given security groups only, never from a CIDR."
  }
}

run "multi_az_and_retention_are_honoured" {
  command = plan

  variables {
    multi_az                = true
    backup_retention_period = 30
    deletion_protection     = false
  }

  assert {
    condition     = aws_db_instance.this.multi_az == true && aws_db_instance.this.backup_retention_period == 30 && aws_db_instance.this.deletion_protection == false
    error_message = "multi_az, backup_retention_period and deletion_protection must be passed through."
  }
}

run "refuses_zero_days_of_backups" {
  command = plan

  variables {
    backup_retention_period = 0
  }

  expect_failures = [var.backup_retention_period]
}

run "refuses_36_days_of_backups" {
  command = plan

  variables {
    backup_retention_period = 36
  }

  expect_failures = [var.backup_retention_period]
}

run "refuses_another_major_version" {
  command = plan

  variables {
    engine_version = "15.6"
  }

  expect_failures = [var.engine_version]
}

run "refuses_a_single_subnet" {
  command = plan

  variables {
    subnet_ids = ["subnet-aaaa"]
  }

  expect_failures = [var.subnet_ids]
}
