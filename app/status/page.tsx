export default function StatusPage() {
  return <h1 className="text-2xl font-semibold">Federation status</h1>;
}
