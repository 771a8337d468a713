# RabbitMQ on Amazon MQ in private subnets: AMQP over TLS only (amqps, port 5671), encrypted at rest, general logs
# in CloudWatch, and the application user's password generated into Secrets Manager, never chosen by hand.

locals {
  port = 5671
  # Amazon MQ refuses commas, colons and equals signs in RabbitMQ passwords: letters and digits only.
  # The comparison reveals nothing of the password; count cannot take a sensitive value.
  generate_password = nonsensitive(var.password == null)
  password          = local.generate_password ? data.aws_secretsmanager_random_password.password[0].random_password : var.password
  # A cluster spreads its three nodes over the subnets' zones; a single instance takes the first subnet.
  subnet_ids = var.deployment_mode == "CLUSTER_MULTI_AZ" ? var.subnet_ids : [var.subnet_ids[0]]
}

# Read once: the secret version keeps the first value (ignore_changes), while this data source yields a new one on
# every read.
data "aws_secretsmanager_random_password" "password" {
  count = local.generate_password ? 1 : 0

  password_length     = 32
  exclude_punctuation = true
}

# JSON with username and password, as RDS keeps its master user's: a task reads "<arn>:password::".
resource "aws_secretsmanager_secret" "credentials" {
  #checkov:skip=CKV2_AWS_57:Rotating the password means changing the broker's user too; rotate with a new apply.
  name_prefix = "${var.name}-broker-"
  description = "RabbitMQ user of the ${var.name} broker"
  kms_key_id  = var.kms_key_arn

  tags = var.tags
}

resource "aws_secretsmanager_secret_version" "credentials" {
  secret_id     = aws_secretsmanager_secret.credentials.id
  secret_string = jsonencode({ username = var.username, password = local.password })

  lifecycle {
    ignore_changes = [secret_string]
  }
}

resource "aws_security_group" "this" {
  name        = "${var.name}-broker"
  description = "Broker of ${var.name}: AMQPS ${local.port} from the allowed security groups only"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-broker" })

  lifecycle {
    create_before_destroy = true
  }
}

# count, not for_each: the allowed groups are usually created in the same apply, so their ids are unknown at plan.
resource "aws_vpc_security_group_ingress_rule" "amqps" {
  count = length(var.allowed_security_group_ids)

  security_group_id            = aws_security_group.this.id
  description                  = "AMQPS from an allowed service"
  ip_protocol                  = "tcp"
  from_port                    = local.port
  to_port                      = local.port
  referenced_security_group_id = var.allowed_security_group_ids[count.index]

  tags = var.tags
}

resource "aws_mq_broker" "this" {
  #checkov:skip=CKV_AWS_209:The AWS-owned key encrypts at rest unless kms_key_arn names a customer-managed one.
  broker_name        = var.name
  engine_type        = "RabbitMQ"
  engine_version     = var.engine_version
  host_instance_type = var.instance_type
  deployment_mode    = var.deployment_mode

  subnet_ids          = local.subnet_ids
  security_groups     = [aws_security_group.this.id]
  publicly_accessible = false

  auto_minor_version_upgrade = true
  apply_immediately          = var.apply_immediately

  encryption_options {
    use_aws_owned_key = var.kms_key_arn == null
    kms_key_id        = var.kms_key_arn
  }

  logs {
    general = true
  }

  maintenance_window_start_time {
    day_of_week = var.maintenance_day
    time_of_day = var.maintenance_time
    time_zone   = "UTC"
  }

  user {
    username = var.username
    password = local.password
  }

  tags = var.tags

  lifecycle {
    # The password is kept by the secret: a new random value on a later read must not replace the user.
    ignore_changes = [user]

    precondition {
      condition     = var.deployment_mode == "SINGLE_INSTANCE" || !startswith(var.instance_type, "mq.t3.")
      error_message = "A CLUSTER_MULTI_AZ broker needs an mq.m5 (or larger) instance type: mq.t3.micro runs a single instance only."
    }
  }
}
