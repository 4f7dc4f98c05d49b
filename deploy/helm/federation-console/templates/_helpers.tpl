{{- define "fc.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "fc.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "fc.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "fc.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "fc.selectorLabels" -}}
app.kubernetes.io/name: {{ include "fc.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "fc.labels" -}}
{{ include "fc.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "fc.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "fc.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Whether a login is configured (chart-made or an existing Secret). */}}
{{- define "fc.authEnabled" -}}
{{- if or .Values.auth.existingSecret (has .Values.auth.mode (list "basic" "bearer")) -}}true{{- end -}}
{{- end -}}

{{- define "fc.authSecretName" -}}
{{- default (printf "%s-auth" (include "fc.fullname" .)) .Values.auth.existingSecret -}}
{{- end -}}

{{- define "fc.checkAuth" -}}
{{- if and .Values.auth.mode (not (has .Values.auth.mode (list "basic" "bearer"))) -}}
{{- fail (printf "auth.mode must be basic or bearer (got %q)" .Values.auth.mode) -}}
{{- end -}}
{{- if and (not (include "fc.authEnabled" .)) (not .Values.auth.allowAnonymous) -}}
{{- fail "The console lists bucket names, object keys and cluster ids: set auth.mode (basic or bearer) or auth.existingSecret, or auth.allowAnonymous=true when a proxy in front of it checks logins (docs/security.md)." -}}
{{- end -}}
{{- if and (include "fc.authEnabled" .) (not .Values.auth.existingSecret) -}}
{{- $secret := ternary .Values.auth.password .Values.auth.token (eq .Values.auth.mode "basic") -}}
{{- if not $secret -}}
{{- fail (printf "No login: create it once and set auth.existingSecret (the chart never generates one at render time, so GitOps renders stay the same; docs/security.md):\n  kubectl create secret generic %s-auth --namespace %s --from-literal=FC_AUTH=\"%s\" --from-literal=FC_METRICS_TOKEN=\"$(openssl rand -hex 32)\"\nthen set auth.existingSecret=%s-auth" (include "fc.fullname" .) .Release.Namespace (ternary (printf "basic:%s:$(openssl rand -hex 24)" (.Values.auth.username | default "admin")) "bearer:$(openssl rand -hex 32)" (eq .Values.auth.mode "basic")) (include "fc.fullname" .)) -}}
{{- end -}}
{{- if or (lt (len $secret) 16) (lt (len (uniq (splitList "" $secret))) 8) -}}
{{- fail "auth.password / auth.token must be at least 16 characters, 8 of them different (openssl rand -hex 24)" -}}
{{- end -}}
{{- with .Values.metrics.token -}}
{{- if or (lt (len .) 16) (lt (len (uniq (splitList "" .))) 8) -}}
{{- fail "metrics.token must be at least 16 characters, 8 of them different (openssl rand -hex 32)" -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if and (eq .Values.auth.mode "basic") (or (not .Values.auth.existingSecret) .Values.auth.existingSecretPasswordKey) (not (regexMatch "^([A-Za-z0-9][A-Za-z0-9._@+-]{0,99}|[*])$" (toString .Values.auth.username))) -}}
{{- fail (printf "auth.username %q is not a user name: use letters, digits, '.', '_', '@', '+' or '-' (no ':' or spaces), or * to accept any user (oauth2-proxy --pass-basic-auth)" (toString .Values.auth.username)) -}}
{{- end -}}
{{- end -}}

{{- define "fc.healthPath" -}}
{{- printf "%s/api/healthz" (trimSuffix "/" .Values.basePath) -}}
{{- end -}}

{{- define "fc.readyPath" -}}
{{- printf "%s/api/readyz" (trimSuffix "/" .Values.basePath) -}}
{{- end -}}
