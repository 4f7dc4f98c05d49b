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
{{- end -}}

{{- define "fc.healthPath" -}}
{{- printf "%s/api/healthz" (trimSuffix "/" .Values.basePath) -}}
{{- end -}}
