# One ECS Fargate service: a web process behind the load balancer (load_balancer set) or a worker (no port, no
# target group). Each service has its own task family, security group, log group and two roles: the execution
# role (ECS pulls the image, writes logs, reads exactly the secrets given) and the task role (the app's own).

data "aws_region" "current" {}

locals {
  cluster_arn  = var.create_cluster ? aws_ecs_cluster.this[0].arn : var.cluster_arn
  cluster_name = var.create_cluster ? aws_ecs_cluster.this[0].name : element(split("/", coalesce(var.cluster_arn, "x/x")), 1)
  web          = var.load_balancer != null
  container    = var.name
  service_name = one(concat(aws_ecs_service.this[*].name, aws_ecs_service.deployed[*].name))

  # The path patterns of each listener rule: five condition values a rule, less those the host and header take.
  rule_values = local.web ? 5 - length(var.load_balancer.host_headers) - (var.load_balancer.http_header == null ? 0 : 1) : 1
  path_chunks = local.web ? chunklist(var.load_balancer.path_patterns, max(local.rule_values, 1)) : []

  # IAM names a Secrets Manager secret by its ARN alone, without the ":<json-key>::" a container secret may add.
  secret_arns = distinct([
    for arn in values(var.secrets) : join(":", slice(split(":", arn), 0, 7)) if strcontains(arn, ":secretsmanager:")
  ])
  parameter_arns = distinct([for arn in values(var.secrets) : arn if strcontains(arn, ":ssm:")])

  container_definition = {
    name                   = local.container
    image                  = var.image
    essential              = true
    command                = var.command
    readonlyRootFilesystem = var.readonly_root_filesystem
    portMappings           = var.container_port == null ? [] : [{ containerPort = var.container_port, protocol = "tcp" }]
    environment            = [for key in sort(keys(var.environment)) : { name = key, value = var.environment[key] }]
    secrets                = [for key in sort(keys(var.secrets)) : { name = key, valueFrom = var.secrets[key] }]
    mountPoints            = [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }]
    # An init process reaps zombies and is what `ecs execute-command` attaches beside.
    linuxParameters = { initProcessEnabled = true }
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this.name
        awslogs-region        = data.aws_region.current.name
        awslogs-stream-prefix = "ecs"
      }
    }
  }
}

resource "aws_ecs_cluster" "this" {
  count = var.create_cluster ? 1 : 0

  name = var.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = var.tags
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/ecs/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.log_kms_key_arn

  tags = var.tags
}

# --- Roles -------------------------------------------------------------------------------------------------------

locals {
  ecs_tasks_trust = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  execution_statements = concat(
    [{
      Sid      = "WriteLogs"
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = "${aws_cloudwatch_log_group.this.arn}:*"
    }],
    var.image_repository_arn == null ? [] : [
      {
        # GetAuthorizationToken names no repository: it cannot be scoped further.
        Sid      = "EcrLogin"
        Effect   = "Allow"
        Action   = ["ecr:GetAuthorizationToken"]
        Resource = "*"
      },
      {
        Sid      = "PullImage"
        Effect   = "Allow"
        Action   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
        Resource = var.image_repository_arn
      },
    ],
    length(local.secret_arns) == 0 ? [] : [{
      Sid      = "ReadSecrets"
      Effect   = "Allow"
      Action   = ["secretsmanager:GetSecretValue"]
      Resource = local.secret_arns
    }],
    length(local.parameter_arns) == 0 ? [] : [{
      Sid      = "ReadParameters"
      Effect   = "Allow"
      Action   = ["ssm:GetParameters"]
      Resource = local.parameter_arns
    }],
    length(var.secrets_kms_key_arns) == 0 ? [] : [{
      Sid      = "DecryptSecrets"
      Effect   = "Allow"
      Action   = ["kms:Decrypt"]
      Resource = var.secrets_kms_key_arns
    }],
  )
}

resource "aws_iam_role" "execution" {
  name               = "${var.name}-execution"
  description        = "ECS pulls the image, writes the logs and reads the secrets of ${var.name}"
  assume_role_policy = local.ecs_tasks_trust

  tags = var.tags
}

resource "aws_iam_role_policy" "execution" {
  name   = "start-task"
  role   = aws_iam_role.execution.id
  policy = jsonencode({ Version = "2012-10-17", Statement = local.execution_statements })
}

resource "aws_iam_role" "task" {
  name               = "${var.name}-task"
  description        = "The ${var.name} application itself"
  assume_role_policy = local.ecs_tasks_trust

  tags = var.tags
}

resource "aws_iam_role_policy" "execute_command" {
  count = var.enable_execute_command ? 1 : 0

  name = "execute-command"
  role = aws_iam_role.task.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      # The SSM agent's session channels; they name no resource.
      Effect   = "Allow"
      Action   = ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"]
      Resource = "*"
    }]
  })
}

# One inline policy per name: keyed by names, not by the documents, so a document computed during the apply (a
# bucket's ARN) is fine.
resource "aws_iam_role_policy" "task" {
  for_each = var.task_role_policies

  name   = each.key
  role   = aws_iam_role.task.id
  policy = each.value
}

# --- Network -----------------------------------------------------------------------------------------------------

resource "aws_security_group" "this" {
  name        = "${var.name}-tasks"
  description = "Tasks of ${var.name}"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-tasks" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "from_load_balancer" {
  count = local.web ? 1 : 0

  security_group_id            = aws_security_group.this.id
  description                  = "The container port, from the load balancer only"
  ip_protocol                  = "tcp"
  from_port                    = var.container_port
  to_port                      = var.container_port
  referenced_security_group_id = var.load_balancer.security_group_id

  tags = var.tags
}

resource "aws_vpc_security_group_egress_rule" "all" {
  #checkov:skip=CKV_AWS_382:Tasks call AWS APIs, the database, the cache and third-party APIs through NAT; ingress is what is closed.
  security_group_id = aws_security_group.this.id
  description       = "Outbound: AWS APIs, database, cache, the internet through NAT"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"

  tags = var.tags
}

resource "aws_lb_target_group" "this" {
  #checkov:skip=CKV_AWS_378:TLS ends at the load balancer; the hop to the task stays inside the VPC, port-restricted by security groups.
  count = local.web ? 1 : 0

  name                 = var.name
  port                 = var.container_port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = 30

  health_check {
    path                = var.health_check_path
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = var.container_port != null
      error_message = "load_balancer needs container_port: the port the target group sends requests to."
    }
  }
}

# ALB takes at most five condition values per rule: the path patterns are spread over rules of consecutive
# priorities, each also matching the host and header conditions.
resource "aws_lb_listener_rule" "this" {
  count = length(local.path_chunks)

  listener_arn = var.load_balancer.listener_arn
  priority     = var.load_balancer.priority + count.index

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this[0].arn
  }

  condition {
    path_pattern {
      values = local.path_chunks[count.index]
    }
  }

  dynamic "condition" {
    for_each = length(var.load_balancer.host_headers) > 0 ? [var.load_balancer.host_headers] : []
    content {
      host_header {
        values = condition.value
      }
    }
  }

  dynamic "condition" {
    for_each = var.load_balancer.http_header == null ? [] : [var.load_balancer.http_header]
    content {
      http_header {
        http_header_name = condition.value.name
        values           = [condition.value.value]
      }
    }
  }

  tags = var.tags
}

# --- Service discovery (optional) -------------------------------------------------------------------------------

# An A record per running task in a private DNS namespace (Cloud Map): other services of the VPC reach this one
# at <discovery name>.<namespace>, without going out through the load balancer.
resource "aws_service_discovery_service" "this" {
  count = var.service_discovery == null ? 0 : 1

  name = coalesce(var.service_discovery.name, var.name)

  dns_config {
    namespace_id   = var.service_discovery.namespace_id
    routing_policy = "MULTIVALUE"

    dns_records {
      type = "A"
      ttl  = 10
    }
  }

  tags = var.tags
}

# --- Task and service --------------------------------------------------------------------------------------------

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = tostring(var.cpu)
  memory                   = tostring(var.memory)
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  container_definitions    = jsonencode([local.container_definition])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  # Task-local scratch space: the only writable path when the root filesystem is read-only.
  volume {
    name = "tmp"
  }

  tags = var.tags
}

resource "aws_ecs_service" "this" {
  count = var.ignore_task_definition_changes ? 0 : 1

  name            = var.name
  cluster         = local.cluster_arn
  task_definition = aws_ecs_task_definition.this.arn
  desired_count   = var.desired_count
  launch_type     = "FARGATE"

  enable_execute_command            = var.enable_execute_command
  propagate_tags                    = "SERVICE"
  enable_ecs_managed_tags           = true
  health_check_grace_period_seconds = local.web ? var.health_check_grace_period_seconds : null

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  # A deployment whose tasks keep failing stops and rolls back to the last one that worked.
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [aws_security_group.this.id]
    assign_public_ip = false
  }

  dynamic "load_balancer" {
    for_each = local.web ? [1] : []
    content {
      target_group_arn = aws_lb_target_group.this[0].arn
      container_name   = local.container
      container_port   = var.container_port
    }
  }

  dynamic "service_registries" {
    for_each = var.service_discovery == null ? [] : [1]
    content {
      registry_arn = aws_service_discovery_service.this[0].arn
    }
  }

  tags = var.tags

  # Autoscaling owns the task count once the service exists.
  lifecycle {
    ignore_changes = [desired_count]

    precondition {
      condition     = var.create_cluster || var.cluster_arn != null
      error_message = "cluster_arn is required when create_cluster is false."
    }
  }

  depends_on = [aws_lb_listener_rule.this, aws_iam_role_policy.execution]
}

# The same service for a pipeline that registers task definition revisions itself (a deploy workflow pushing an
# image per commit): Terraform creates it with its own revision and then leaves the revision, like the task
# count, to the deploys. Terraform's later revisions (new settings) reach it with the next deploy, which copies the
# family's newest revision. Keep the two blocks alike: a lifecycle cannot depend on a variable.
resource "aws_ecs_service" "deployed" {
  count = var.ignore_task_definition_changes ? 1 : 0

  name            = var.name
  cluster         = local.cluster_arn
  task_definition = aws_ecs_task_definition.this.arn
  desired_count   = var.desired_count
  launch_type     = "FARGATE"

  enable_execute_command            = var.enable_execute_command
  propagate_tags                    = "SERVICE"
  enable_ecs_managed_tags           = true
  health_check_grace_period_seconds = local.web ? var.health_check_grace_period_seconds : null

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  # A deployment whose tasks keep failing stops and rolls back to the last one that worked.
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [aws_security_group.this.id]
    assign_public_ip = false
  }

  dynamic "load_balancer" {
    for_each = local.web ? [1] : []
    content {
      target_group_arn = aws_lb_target_group.this[0].arn
      container_name   = local.container
      container_port   = var.container_port
    }
  }

  dynamic "service_registries" {
    for_each = var.service_discovery == null ? [] : [1]
    content {
      registry_arn = aws_service_discovery_service.this[0].arn
    }
  }

  tags = var.tags

  # Autoscaling owns the task count, and the deploys the revision, once the service exists.
  lifecycle {
    ignore_changes = [desired_count, task_definition]

    precondition {
      condition     = var.create_cluster || var.cluster_arn != null
      error_message = "cluster_arn is required when create_cluster is false."
    }
  }

  depends_on = [aws_lb_listener_rule.this, aws_iam_role_policy.execution]
}

moved {
  from = aws_ecs_service.this
  to   = aws_ecs_service.this[0]
}

# --- Autoscaling -------------------------------------------------------------------------------------------------

resource "aws_appautoscaling_target" "this" {
  count = var.enable_autoscaling ? 1 : 0

  service_namespace  = "ecs"
  resource_id        = "service/${local.cluster_name}/${local.service_name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.min_capacity
  max_capacity       = var.max_capacity

  tags = var.tags

  lifecycle {
    precondition {
      condition     = var.min_capacity <= var.max_capacity
      error_message = "min_capacity must not exceed max_capacity."
    }
  }
}

resource "aws_appautoscaling_policy" "cpu" {
  count = var.enable_autoscaling ? 1 : 0

  name               = "${var.name}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[0].service_namespace
  resource_id        = aws_appautoscaling_target.this[0].resource_id
  scalable_dimension = aws_appautoscaling_target.this[0].scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.cpu_target_percent
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "requests" {
  count = var.enable_autoscaling && local.web && var.requests_per_target != null ? 1 : 0

  name               = "${var.name}-requests"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[0].service_namespace
  resource_id        = aws_appautoscaling_target.this[0].resource_id
  scalable_dimension = aws_appautoscaling_target.this[0].scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.requests_per_target
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = "${var.load_balancer.arn_suffix}/${aws_lb_target_group.this[0].arn_suffix}"
    }
  }
}

# Scale on a backlog (messages waiting in a queue) per running task: the queue's metric divided by the service's
# RunningTaskCount (Container Insights), kept near target_per_task.
resource "aws_appautoscaling_policy" "backlog" {
  count = var.enable_autoscaling && var.backlog_scaling != null ? 1 : 0

  name               = "${var.name}-backlog"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[0].service_namespace
  resource_id        = aws_appautoscaling_target.this[0].resource_id
  scalable_dimension = aws_appautoscaling_target.this[0].scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.backlog_scaling.target_per_task
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    customized_metric_specification {
      metrics {
        id          = "backlog"
        label       = "Messages waiting"
        return_data = false

        metric_stat {
          stat = "Maximum"

          metric {
            namespace   = var.backlog_scaling.namespace
            metric_name = var.backlog_scaling.metric_name

            dynamic "dimensions" {
              for_each = var.backlog_scaling.dimensions
              content {
                name  = dimensions.key
                value = dimensions.value
              }
            }
          }
        }
      }

      metrics {
        id          = "tasks"
        label       = "Running tasks"
        return_data = false

        metric_stat {
          stat = "Average"

          metric {
            namespace   = "ECS/ContainerInsights"
            metric_name = "RunningTaskCount"

            dimensions {
              name  = "ClusterName"
              value = local.cluster_name
            }

            dimensions {
              name  = "ServiceName"
              value = local.service_name
            }
          }
        }
      }

      metrics {
        id          = "backlog_per_task"
        label       = "Messages waiting per running task"
        expression  = "backlog / MAX([tasks, 1])"
        return_data = true
      }
    }
  }
}
