export default function SetupPage() {
  return <h1 className="text-2xl font-semibold">Setup wizard</h1>;
}
